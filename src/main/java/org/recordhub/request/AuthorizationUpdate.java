package org.recordhub.request;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * A corrected authorization for {@code PUT /api/v1/requests/{id}/authorization}.
 *
 * @param authorizationDocument the signed document, base64 PDF; {@code null} keeps the
 * one on file
 */
public record AuthorizationUpdate(@NotNull @Valid AuthorizationForm authorization, String authorizationDocument) {
}

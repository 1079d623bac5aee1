package org.recordhub.document;

/**
 * A file an inbound route fetched (an attachment, a received fax), before it is stored.
 */
public record InboundFile(String name, byte[] content) {
}

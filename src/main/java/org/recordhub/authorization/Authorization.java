package org.recordhub.authorization;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.recordhub.request.AuthorizationForm;
import org.recordhub.request.DateRange;
import org.recordhub.request.Patient;

/**
 * The authorization as the rules see it. Every property is null-safe: a field the
 * requester left out reads as "not present" (false, empty, or {@code null} for dates),
 * never as an error.
 */
public class Authorization {

	/** Categories a specialist reviews before release. */
	public static final Set<String> SENSITIVE = Set.of("HIV", "MENTAL_HEALTH", "GENETIC", "SUBSTANCE_USE_DISORDER",
			"PSYCHOTHERAPY_NOTES");

	private final AuthorizationForm form;

	public Authorization(AuthorizationForm form) {
		this.form = (form != null) ? form : new AuthorizationForm(null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

	// --- core elements, 164.508(c)(1)

	public boolean isSigned() {
		return Boolean.TRUE.equals(this.form.signed());
	}

	public LocalDate getSignatureDate() {
		return this.form.signatureDate();
	}

	public boolean isSignedByRepresentative() {
		return this.form.signer() != null && "PERSONAL_REPRESENTATIVE".equalsIgnoreCase(this.form.signer().type());
	}

	public boolean isSignedByPatient() {
		return this.form.signer() != null && "PATIENT".equalsIgnoreCase(this.form.signer().type());
	}

	public boolean isRepresentativeAuthorityDescribed() {
		return this.form.signer() != null && hasText(this.form.signer().authorityDescription());
	}

	public boolean isInitiatedByIndividual() {
		return "INDIVIDUAL".equalsIgnoreCase(this.form.initiatedBy());
	}

	public boolean isInformationDescribed() {
		return hasText(this.form.informationDescription());
	}

	public boolean isDisclosersNamed() {
		return Boolean.TRUE.equals(this.form.anyProviderMayDisclose()) || !texts(this.form.disclosers()).isEmpty();
	}

	public boolean isAnyProviderMayDisclose() {
		return Boolean.TRUE.equals(this.form.anyProviderMayDisclose());
	}

	public boolean isRecipientsNamed() {
		return !texts(this.form.recipients()).isEmpty();
	}

	public boolean isPurposeStated() {
		return !purposes().isEmpty();
	}

	/** "At the request of the individual" is the only purpose given. */
	public boolean isPurposeOnlyAtRequestOfIndividual() {
		return !purposes().isEmpty() && purposes().stream().allMatch("AT_REQUEST_OF_INDIVIDUAL"::equals);
	}

	public boolean isResearchOnly() {
		return !purposes().isEmpty() && purposes().stream().allMatch("RESEARCH"::equals);
	}

	public boolean isForResearch() {
		return purposes().contains("RESEARCH");
	}

	public LocalDate getExpirationDate() {
		return this.form.expirationDate();
	}

	public boolean isExpirationEventStated() {
		return hasText(this.form.expirationEvent());
	}

	/**
	 * The event says "none" or "end of the research study", which only research may use.
	 */
	public boolean isExpirationEventResearchStyle() {
		return isExpirationEventStated() && Set.of("NONE", "END_OF_RESEARCH_STUDY")
			.contains(this.form.expirationEvent().trim().toUpperCase(Locale.ROOT));
	}

	// --- validity, 164.508(b)(2)

	public boolean signedAfter(LocalDate day) {
		return getSignatureDate() != null && getSignatureDate().isAfter(day);
	}

	/** Valid through the expiration date itself. */
	public boolean expiredOn(LocalDate day) {
		return getExpirationDate() != null && getExpirationDate().isBefore(day);
	}

	public boolean expiresWithin(LocalDate day, int days) {
		return getExpirationDate() != null && !expiredOn(day) && !getExpirationDate().isAfter(day.plusDays(days));
	}

	public boolean isRevoked() {
		return Boolean.TRUE.equals(this.form.revoked());
	}

	/** The patient signed while under 18. */
	public boolean isSignedByMinorPatient() {
		LocalDate born = (this.form.patient() != null) ? this.form.patient().birthDate() : null;
		return isSignedByPatient() && born != null && getSignatureDate() != null
				&& Period.between(born, getSignatureDate()).getYears() < 18;
	}

	public boolean olderThanDays(int days, LocalDate day) {
		return getSignatureDate() != null && ChronoUnit.DAYS.between(getSignatureDate(), day) > days;
	}

	// --- required statements, 164.508(c)(2) and (c)(3)

	public boolean isRightToRevokeStated() {
		return statement(AuthorizationForm.Statements::rightToRevoke);
	}

	public boolean isConditioningStated() {
		return statement(AuthorizationForm.Statements::conditioning);
	}

	public boolean isRedisclosureStated() {
		return statement(AuthorizationForm.Statements::redisclosure);
	}

	public boolean isPart2RedisclosureStated() {
		return statement(AuthorizationForm.Statements::part2Redisclosure);
	}

	public boolean isRightToInspectStated() {
		return statement(AuthorizationForm.Statements::rightToInspect);
	}

	public boolean isPlainLanguage() {
		return Boolean.TRUE.equals(this.form.plainLanguage());
	}

	// --- compound authorizations, 164.508(b)(3)

	public boolean isCompound() {
		return !compoundWith().isEmpty();
	}

	public boolean isCompoundWith(String document) {
		return compoundWith().contains(document);
	}

	/** Compound with anything but the given kind of document. */
	public boolean isCompoundWithOtherThan(String document) {
		return compoundWith().stream().anyMatch((other) -> !other.equals(document));
	}

	public boolean isConditionedOnSigning() {
		return Boolean.TRUE.equals(this.form.conditionedOnSigning());
	}

	// --- information categories

	/** The categories covered; none listed means general records only. */
	public List<String> getCategories() {
		List<String> categories = upper(this.form.informationCategories());
		return categories.isEmpty() ? List.of("GENERAL") : categories;
	}

	public boolean covers(String category) {
		return getCategories().contains(category);
	}

	public boolean coversOtherThan(String category) {
		return getCategories().stream().anyMatch((other) -> !other.equals(category));
	}

	public boolean isSensitive() {
		return getCategories().stream().anyMatch(SENSITIVE::contains);
	}

	// --- state law: the vocabulary of the decision table's "Requirement" column

	public String getStateForm() {
		return this.form.stateForm();
	}

	/**
	 * Whether a state requirement is met. {@code stateForm=<form id>}: the named state
	 * form was used; {@code handwrittenOrFontAtLeast=<pt>}: handwritten, or typed in at
	 * least that size; {@code statement=rightToInspect} (or another statement): the
	 * statement is present.
	 */
	public boolean satisfies(String requirement) {
		String[] parts = requirement.split("=", 2);
		String value = (parts.length > 1) ? parts[1].trim() : "";
		return switch (parts[0].trim()) {
			case "stateForm" -> value.equalsIgnoreCase(String.valueOf(this.form.stateForm()).trim());
			case "handwrittenOrFontAtLeast" -> Boolean.TRUE.equals(this.form.handwritten())
					|| (this.form.fontSizePt() != null && this.form.fontSizePt() >= Integer.parseInt(value));
			case "statement" -> switch (value) {
				case "rightToRevoke" -> isRightToRevokeStated();
				case "conditioning" -> isConditioningStated();
				case "redisclosure" -> isRedisclosureStated();
				case "part2Redisclosure" -> isPart2RedisclosureStated();
				case "rightToInspect" -> isRightToInspectStated();
				default -> throw new IllegalArgumentException("Unknown statement in a state requirement: " + value);
			};
			default -> throw new IllegalArgumentException("Unknown state requirement: " + requirement);
		};
	}

	// --- against a request leg

	public boolean isPatientNamed() {
		return this.form.patient() != null && this.form.patient().name() != null;
	}

	/**
	 * Family name, initial of the first given name and birth date agree, ignoring case,
	 * accents, punctuation.
	 */
	public boolean samePatientAs(Patient other) {
		Patient patient = this.form.patient();
		if (patient == null || other == null || patient.name() == null || other.name() == null) {
			return false;
		}
		return normalized(patient.name().family()).equals(normalized(other.name().family()))
				&& initial(patient).equals(initial(other)) && patient.birthDate() != null
				&& patient.birthDate().equals(other.birthDate());
	}

	public boolean disclosableBy(String providerName) {
		return isAnyProviderMayDisclose() || texts(this.form.disclosers()).stream()
			.anyMatch((discloser) -> normalized(discloser).equals(normalized(providerName)));
	}

	/**
	 * Dates of service within the authorized range; no range on the form limits nothing.
	 */
	public boolean allowsRange(DateRange range) {
		DateRange authorized = this.form.authorizedDateRange();
		if (authorized == null || authorized.from() == null || authorized.to() == null || range == null) {
			return true;
		}
		return !range.from().isBefore(authorized.from()) && !range.to().isAfter(authorized.to());
	}

	/**
	 * Whether a disclosure for the purpose is one the authorization allows: a purpose it
	 * names, or any purpose when it was given "at the request of the individual" except
	 * marketing and the sale of PHI, which need an authorization of their own (45 CFR
	 * 164.508(a)(3) and (a)(4)).
	 */
	public boolean allowsPurpose(String purpose) {
		List<String> authorized = purposes();
		return authorized.contains(purpose) || (authorized.contains("AT_REQUEST_OF_INDIVIDUAL")
				&& !purpose.equals("MARKETING") && !purpose.equals("SALE_OF_PHI"));
	}

	public boolean coversAll(List<String> categories) {
		return getCategories().containsAll(upper(categories));
	}

	private boolean statement(Function<AuthorizationForm.Statements, Boolean> statement) {
		return this.form.statements() != null && Boolean.TRUE.equals(statement.apply(this.form.statements()));
	}

	private List<String> purposes() {
		return upper(this.form.purposes());
	}

	private List<String> compoundWith() {
		return upper(this.form.compoundWith());
	}

	private static String initial(Patient patient) {
		return patient.name().given().isEmpty() ? "" : normalized(patient.name().given().get(0)).substring(0, 1);
	}

	static String normalized(String text) {
		if (text == null) {
			return "";
		}
		String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{Alnum}]", "");
	}

	private static List<String> texts(List<String> values) {
		return (values != null) ? values.stream().filter(Authorization::hasText).toList() : List.of();
	}

	private static List<String> upper(List<String> values) {
		return texts(values).stream().map((v) -> v.trim().toUpperCase(Locale.ROOT)).toList();
	}

	private static boolean hasText(String text) {
		return text != null && !text.isBlank();
	}

}

package org.recordhub.sandbox;

import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.recordhub.document.TextPdf;
import org.recordhub.request.AuthorizationForm;
import org.recordhub.request.DateRange;
import org.recordhub.request.Patient;
import org.recordhub.request.Priority;
import org.recordhub.request.RequestService;
import org.recordhub.request.RetrievalRequestForm;
import org.recordhub.security.Caller;
import org.recordhub.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * On the first start of the sandbox, five demo requests from two requester organisations,
 * one per channel.
 */
class DemoRequests {

	private static final Logger logger = LoggerFactory.getLogger(DemoRequests.class);

	private final boolean enabled;

	private final RequestService requests;

	DemoRequests(boolean enabled, RequestService requests) {
		this.enabled = enabled;
		this.requests = requests;
	}

	@EventListener(ApplicationReadyEvent.class)
	void submit() {
		if (!this.enabled || this.requests.anyExist()) {
			return;
		}
		submit(new Caller("lawyer", "smith-lee", Set.of(Role.REQUESTER)),
				new Patient(new Patient.Name(List.of("Jane"), "Doe"), LocalDate.of(1980, 4, 12),
						List.of(new Patient.Identifier("urn:oid:2.16.840.1.113883.4.1", "000-00-0001"))),
				"LITIGATION", "sandbox-clinic", "Riverside Family Clinic (sandbox)");
		submit(new Caller("adjuster", "acme-insurance", Set.of(Role.REQUESTER)),
				new Patient(new Patient.Name(List.of("Robert", "J."), "Chen"), LocalDate.of(1975, 9, 30), List.of()),
				"INSURANCE", "lakeside-ortho", "Lakeside Orthopedics (sandbox)");
		submit(new Caller("lawyer", "smith-lee", Set.of(Role.REQUESTER)),
				new Patient(new Patient.Name(List.of("Alex"), "Rivera"), LocalDate.of(1970, 2, 14),
						List.of(new Patient.Identifier("urn:oid:2.16.840.1.113883.4.1", "000-00-0003"))),
				"LITIGATION", "hillside-health", "Hillside Health (sandbox)");
		submit(new Caller("adjuster", "acme-insurance", Set.of(Role.REQUESTER)),
				new Patient(new Patient.Name(List.of("Maria"), "Lopez"), LocalDate.of(1988, 6, 3), List.of()),
				"INSURANCE", "summit-medical", "Summit Medical Group (sandbox)");
		submit(new Caller("lawyer", "smith-lee", Set.of(Role.REQUESTER)),
				new Patient(new Patient.Name(List.of("Sam"), "Okafor"), LocalDate.of(1996, 8, 21), List.of()),
				"LITIGATION", "valley-pediatrics", "Valley Pediatrics (sandbox)");
		logger.info("Submitted five demo requests (over SFTP, by email, from a FHIR API, through a portal, by fax); "
				+ "see GET /api/v1/requests");
	}

	private void submit(Caller caller, Patient patient, String purpose, String providerId, String providerName) {
		LocalDate signed = LocalDate.now().minusDays(10);
		DateRange range = new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30));
		AuthorizationForm authorization = new AuthorizationForm(patient, true, signed,
				new AuthorizationForm.Signer("PATIENT", patient.displayName(), null), "REQUESTER",
				List.of(providerName), false, List.of(caller.organizationId()), "All records " + range, range,
				List.of("GENERAL"), List.of(purpose), signed.plusYears(1), null,
				new AuthorizationForm.Statements(true, true, true, false, true), true, false, List.of(), false, null,
				12, false);
		String document = Base64.getEncoder()
			.encodeToString(TextPdf.render("HIPAA authorization",
					String.join("\n", "# AUTHORIZATION FOR RELEASE OF PROTECTED HEALTH INFORMATION",
							"Patient: " + patient.displayName() + "    Date of birth: " + patient.birthDate(),
							"I authorize " + providerName + " to disclose: all records " + range,
							"to: " + caller.organizationId() + " for the purpose of " + purpose.toLowerCase() + ".",
							"This authorization expires on " + signed.plusYears(1) + ".",
							"I may revoke it in writing at any time. Treatment is not conditioned on signing it.",
							"Information disclosed may be redisclosed by the recipient and no longer protected.", "",
							"Signed: " + patient.displayName() + "    Date: " + signed)));
		this.requests.submit(new RetrievalRequestForm(patient, authorization, document, null, List.of(providerId),
				range, List.of("ALL"), List.of("GENERAL"), purpose, Priority.ROUTINE, null), caller);
	}

}

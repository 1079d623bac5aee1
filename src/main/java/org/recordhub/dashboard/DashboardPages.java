package org.recordhub.dashboard;

import org.recordhub.document.ReceivedFiles;
import org.recordhub.flow.DeadLetters;
import org.recordhub.provider.ProviderNotFoundException;
import org.recordhub.request.LegNotFoundException;
import org.recordhub.request.RequestNotFoundException;
import org.recordhub.security.Caller;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * What every dashboard page shares: who is looking, sign-in, and errors shown as pages
 * (not the API's problem+json).
 */
@Controller
@ControllerAdvice(basePackageClasses = DashboardPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardPages {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(DashboardPages.class);

	@ModelAttribute("viewer")
	Viewer viewer(Authentication authentication) {
		return (authentication == null || authentication instanceof AnonymousAuthenticationToken) ? null
				: Viewer.of(Caller.current());
	}

	@GetMapping("/")
	String home() {
		return "redirect:/dashboard/requests";
	}

	@GetMapping("/login")
	String login() {
		return "dashboard/login";
	}

	// any method: a form posted without its CSRF token is forwarded here as the POST it
	// was
	@RequestMapping("/dashboard/denied")
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String denied(Model model) {
		return error(model, "Not allowed", "Your role does not allow this page or action.");
	}

	@ExceptionHandler({ RequestNotFoundException.class, LegNotFoundException.class,
			ReceivedFiles.ReceivedFileNotFoundException.class, ProviderNotFoundException.class,
			DeadLetters.DeadLetterNotFoundException.class })
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(RuntimeException ex, Model model) {
		// the same answer whether it does not exist or belongs to another organisation
		return error(model, "Not found", "Nothing with that id is here for you to see.");
	}

	@ExceptionHandler(AccessDeniedException.class)
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String forbidden(Model model) {
		return denied(model);
	}

	/**
	 * An address or form with a value that cannot be read (a status that does not exist).
	 */
	@ExceptionHandler({ org.springframework.web.bind.ServletRequestBindingException.class,
			org.springframework.beans.TypeMismatchException.class,
			org.springframework.web.bind.MethodArgumentNotValidException.class,
			org.springframework.validation.BindException.class,
			org.springframework.web.multipart.MultipartException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badInput(Exception ex, Model model) {
		return error(model, "Not understood",
				"The address or form has a value RecordHub cannot read: "
						+ ((ex instanceof org.springframework.validation.BindException bind)
								? bind.getFieldErrors().stream().map((e) -> e.getField()).distinct().toList()
								: ex.getClass().getSimpleName())
						+ ". Go back and check what was entered.");
	}

	/** Anything else: a page that says so, and the details in the log for operators. */
	@ExceptionHandler(Exception.class)
	@ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
	String unexpected(Exception ex, Model model) {
		logger.error("Dashboard page failed", ex);
		return error(model, "Something went wrong",
				"RecordHub could not show this page; the details are in its log. Nothing you entered was lost.");
	}

	private String error(Model model, String title, String message) {
		model.addAttribute("title", title);
		model.addAttribute("message", message);
		if (!model.containsAttribute("viewer")) {
			model.addAttribute("viewer", Viewer.of(Caller.current()));
		}
		return "dashboard/error";
	}

}

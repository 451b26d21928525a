package io.portway.console.web;

import io.portway.console.api.ApiProblem;
import io.portway.console.api.PortwayServices;
import io.portway.console.signin.ConsoleUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * What every page has: the signed-in user ({@code me}); and what happens when a service refuses: after an action
 * (POST) the user goes back to the page with the API's rule in a flash message; a page that cannot be read shows
 * the reason in place of its content.
 */
@ControllerAdvice
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final PortwayServices services;

    ConsoleAdvice(PortwayServices services) {
        this.services = services;
    }

    @ModelAttribute("me")
    ConsoleUser me() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ConsoleUser user ? user : null;
    }

    @ExceptionHandler(ApiProblem.class)
    ModelAndView refused(ApiProblem problem, HttpServletRequest request, HttpServletResponse response) {
        if (problem.status() == 401) {
            new SecurityContextLogoutHandler().logout(request, response,
                    SecurityContextHolder.getContext().getAuthentication());
            return new ModelAndView("redirect:/login?expired");
        }
        log.debug("{} {} refused: {}", request.getMethod(), request.getRequestURI(), problem.getMessage());
        Flash flash = problem.status() == 403
                ? new Flash("error", "Your role does not allow this: " + problem.detail(), problem.code(), java.util.List.of())
                : Flash.refused(problem);
        return afterFailure(flash, request, problem.status());
    }

    @ExceptionHandler(ResourceAccessException.class)
    ModelAndView unreachable(ResourceAccessException failure, HttpServletRequest request) {
        log.warn("{} {}: a service is unreachable: {}", request.getMethod(), request.getRequestURI(),
                failure.getMessage());
        return afterFailure(Flash.error("A Portway service cannot be reached (" + failure.getMessage()
                + "). Check that the command (" + services.properties().commandUrl() + "), query ("
                + services.properties().queryUrl() + ") and delivery (" + services.properties().deliveryUrl()
                + ") services are running."), request, 503);
    }

    private static ModelAndView afterFailure(Flash flash, HttpServletRequest request, int status) {
        if ("POST".equals(request.getMethod())) {
            RequestContextUtils.getOutputFlashMap(request).put(Flash.ATTRIBUTE, flash);
            return new ModelAndView(Redirects.back(request.getParameter("back"), "/"));
        }
        ModelAndView page = new ModelAndView("unavailable");
        page.addObject(Flash.ATTRIBUTE, flash);
        page.addObject("me", SecurityContextHolder.getContext().getAuthentication() != null
                && SecurityContextHolder.getContext().getAuthentication().getPrincipal() instanceof ConsoleUser user
                ? user : null);
        page.setStatus(org.springframework.http.HttpStatusCode.valueOf(status == 404 ? 404 : 502));
        return page;
    }
}

package io.portway.console.web;

import org.springframework.security.web.WebAttributes;
import org.springframework.security.core.AuthenticationException;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page (the home page is the Overview, {@code console.overview}). */
@Controller
class Pages {

    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (failure instanceof AuthenticationException exception) {
            model.addAttribute("loginError", exception.getMessage());
        }
        return "login";
    }
}

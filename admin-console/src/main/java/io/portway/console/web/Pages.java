package io.portway.console.web;

import io.portway.console.signin.ConsoleUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.core.AuthenticationException;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page and the home page. */
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

    @GetMapping("/")
    String home(@AuthenticationPrincipal ConsoleUser me) {
        return "redirect:/applications";
    }
}

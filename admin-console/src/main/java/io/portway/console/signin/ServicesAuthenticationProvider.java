package io.portway.console.signin;

import io.portway.console.api.Credentials;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

import java.util.Set;

/** Signs a user in by checking the credentials against the query service; the console keeps no users itself. */
@Component
class ServicesAuthenticationProvider implements AuthenticationProvider {

    private final CapabilityProbe probe;

    ServicesAuthenticationProvider(CapabilityProbe probe) {
        this.probe = probe;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        if (username == null || username.isBlank() || password.isEmpty()) {
            throw new BadCredentialsException("Enter your user name and password.");
        }
        Set<Capability> capabilities;
        try {
            capabilities = probe.probe(new Credentials(username, password));
        } catch (CapabilityProbe.WrongCredentials wrong) {
            throw new BadCredentialsException("Wrong user name or password.");
        } catch (CapabilityProbe.Throttled throttled) {
            throw new AuthenticationServiceException("Too many failed sign-ins for this user or from this address:"
                    + " wait a minute and try again.");
        } catch (RestClientException unreachable) {
            throw new AuthenticationServiceException(
                    "The query service cannot be reached to check your credentials; try again later.", unreachable);
        }
        ConsoleUser user = new ConsoleUser(username, password, capabilities);
        return UsernamePasswordAuthenticationToken.authenticated(user, null,
                capabilities.stream().map(capability -> new SimpleGrantedAuthority("CAN_" + capability)).toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

package io.portway.delivery.message;

import io.portway.support.PortwayException;
import io.portway.support.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Bounds what one request may make the service read (docs/RULES.md §8): a body of at most twice
 * {@code portway.delivery.max-message-bytes} plus 1 MiB (room for base64 and the context). Reading past it fails
 * with 413 {@code MESSAGE_TOO_LARGE}, whether the request declared its length or streamed it in chunks, so a huge
 * request never reaches memory.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxRequestBytes;

    RequestSizeLimit(MessageLimits limits) {
        this.maxRequestBytes = 2 * limits.maxBodyBytes() + 1024 * 1024;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxRequestBytes) {
            // answered before a byte of the body is read, and flushed: a client that waits for "100 Continue"
            // never sends it, and one that does not still gets this answer before the connection closes
            PortwayException tooLarge = tooLarge(maxRequestBytes);
            response.setStatus(tooLarge.status().value());
            response.setHeader("Connection", "close");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(Problems.toJson(Problems.of(tooLarge)).getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            return;
        }
        chain.doFilter(new Bounded(request, maxRequestBytes), response);
    }

    private static PortwayException tooLarge(long max) {
        return new PortwayException(HttpStatus.PAYLOAD_TOO_LARGE, "MESSAGE_TOO_LARGE",
                "the request body exceeds " + max + " bytes (twice portway.delivery.max-message-bytes plus 1 MiB)");
    }

    private static final class Bounded extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (getContentLengthLong() > max) {
                throw tooLarge(max);
            }
            if (stream == null) {
                stream = new Counting(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long max;
        private long read;

        Counting(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLarge(max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}

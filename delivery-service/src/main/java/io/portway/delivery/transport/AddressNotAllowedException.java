package io.portway.delivery.transport;

/**
 * The address is outside the allowed roots, hosts or topics (docs/RULES.md §8): nothing was written or sent, and
 * retrying cannot help. The instance ends {@code SuspendedNotResumable} with reason {@code ADDRESS_NOT_ALLOWED}.
 */
public class AddressNotAllowedException extends TransportException {

    public static final String CODE = "ADDRESS_NOT_ALLOWED";

    public AddressNotAllowedException(String message) {
        super(message);
    }
}

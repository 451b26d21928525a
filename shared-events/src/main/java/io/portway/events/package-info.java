/**
 * The published language of Portway: every event the services exchange and the value types they carry,
 * as plain Java records, enums and sealed interfaces. Nothing here depends on Spring, JPA or Jackson;
 * each service maps these types to JSON with {@code shared-messaging}.
 */
package io.portway.events;

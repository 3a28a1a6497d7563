package io.pgextra.hibernate.signals;

/**
 * The settings of hibernate-pgextra's signals, given like any Hibernate setting ({@code persistence.xml},
 * {@code spring.jpa.properties.*}, {@code HibernatePersistenceConfiguration.property}).
 *
 * @since 0.2
 */
public final class SignalSettings {

	/**
	 * The PostgreSQL channel of {@link Delivery#ALL_INSTANCES} signals: every instance of an application must use
	 * the same one, and two applications sharing a database should use different ones (a notification of an entity
	 * the factory does not map is ignored, but still received). At most 63 bytes. Default
	 * {@value #DEFAULT_CHANNEL}.
	 */
	public static final String CHANNEL = "hibernate.pgextra.signals.channel";

	/** The default of {@link #CHANNEL}. */
	public static final String DEFAULT_CHANNEL = "pgextra_signals";

	/**
	 * Entities whose rows this instance announces to the other instances ({@link Delivery#ALL_INSTANCES}) even
	 * when it has no such receiver itself: a comma-separated list of entity class names (fully qualified) or
	 * entity names; a row is announced when its class is, or extends, one of them; all three signals. Without it a
	 * writer announces only the signals and entities it has an {@code ALL_INSTANCES} receiver for. Use it when
	 * some instances only write (e.g. a batch worker) and others only listen.
	 */
	public static final String NOTIFY_ENTITIES = "hibernate.pgextra.signals.notify_entities";

	/**
	 * A JDBC URL for the listening connection of {@link Delivery#ALL_INSTANCES} receivers, opened with
	 * {@code DriverManager} instead of being taken from the factory's pool: for an application whose pool goes
	 * through PgBouncer in transaction pooling mode (where {@code LISTEN} does not work), or that does not want the
	 * listener to hold a pooled connection. User and password from the URL, else from
	 * {@code jakarta.persistence.jdbc.user}/{@code password} (or {@code hibernate.connection.username}/
	 * {@code password}). Default: none, the connection comes from the factory's {@code ConnectionProvider}.
	 */
	public static final String LISTEN_JDBC_URL = "hibernate.pgextra.signals.listen_jdbc_url";

	private SignalSettings() {
	}
}

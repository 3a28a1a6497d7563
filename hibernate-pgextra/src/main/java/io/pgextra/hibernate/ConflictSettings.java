package io.pgextra.hibernate;

/**
 * The settings of hibernate-pgextra's conflict inserts, given like any Hibernate setting ({@code persistence.xml},
 * {@code spring.jpa.properties.*}, {@code HibernatePersistenceConfiguration.property}).
 *
 * @since 0.2
 */
public final class ConflictSettings {

	/**
	 * The number of rows of a bulk call from which its rows reach PostgreSQL by binary {@code COPY} into a temporary
	 * table (created and dropped inside the transaction, per statement of at most 50,000 rows) instead of one array
	 * parameter per column. Only calls whose columns all have types the library encodes exactly (integers, boolean,
	 * floating point, text, uuid, numeric, date, timestamps, without converters) take that path; the others, and
	 * smaller calls, keep the arrays. Results, order, locking and errors are the same either way. {@code 0} turns
	 * COPY off, e.g. behind a proxy that does not pass {@code COPY} through, or where temporary tables are not
	 * allowed. Default {@value #DEFAULT_COPY_THRESHOLD}, measured (BENCHMARKS.md).
	 */
	public static final String COPY_THRESHOLD = "hibernate.pgextra.conflict.copy_threshold";

	/** The default of {@link #COPY_THRESHOLD}. */
	public static final int DEFAULT_COPY_THRESHOLD = 20_000;

	private ConflictSettings() {
	}
}

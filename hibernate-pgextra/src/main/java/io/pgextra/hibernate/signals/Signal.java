package io.pgextra.hibernate.signals;

/**
 * The three row signals, django-postgres-extra's {@code psqlextra.signals.create}, {@code update} and
 * {@code delete}: primitive, but sent for every affected row, bulk statements included.
 *
 * @since 0.1.0
 */
public enum Signal {

	/**
	 * Sent <b>after</b> a row was inserted: {@code persist} (at the flush that inserts it, or at once for
	 * {@code IDENTITY} identifiers), {@code merge} of a new entity, and every insert of {@code PgExtraEntityManager}
	 * ({@code insert}, {@code insertAndGet}, {@code bulkInsert}, the upserts) whose row was new.
	 */
	CREATE,

	/**
	 * Sent <b>after</b> a row was updated: a dirty entity flushed, {@code merge} of an existing entity that changed
	 * it, an upsert that updated an existing row, and, once per affected row, a JPQL/HQL/Criteria {@code update}
	 * statement run through any {@code EntityManager}, {@code Session} or {@code StatelessSession} of the factory.
	 */
	UPDATE,

	/**
	 * Sent <b>before</b> a row is deleted: {@code remove} (at the flush that deletes it), and, once per affected
	 * row, a JPQL/HQL/Criteria {@code delete} statement run through any {@code EntityManager}, {@code Session} or
	 * {@code StatelessSession} of the factory.
	 */
	DELETE
}

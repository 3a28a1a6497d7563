package io.pgextra.hibernate;

/**
 * What PostgreSQL does when a proposed row conflicts with an existing one
 * ({@code INSERT ... ON CONFLICT DO UPDATE | DO NOTHING}).
 *
 * @since 0.1.0
 */
public enum ConflictAction {

	/**
	 * Insert the row if it does not exist, otherwise update the existing row
	 * ({@code ON CONFLICT ... DO UPDATE}), also known as an <em>upsert</em>.
	 */
	UPDATE,

	/**
	 * Insert the row if it does not exist, otherwise leave the existing row as it is
	 * ({@code ON CONFLICT ... DO NOTHING}). Cheaper than {@link #UPDATE} when the data is the same:
	 * the existing row is not written.
	 */
	NOTHING
}

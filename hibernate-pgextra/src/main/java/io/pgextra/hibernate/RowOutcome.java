package io.pgextra.hibernate;

/**
 * What an {@code INSERT ... ON CONFLICT} did to one proposed row.
 *
 * @since 0.1.0
 */
public enum RowOutcome {

	/** No conflicting row existed: the row was inserted. */
	INSERTED,

	/** A conflicting row existed and {@code DO UPDATE} updated it. */
	UPDATED,

	/**
	 * A conflicting row existed and was left as it was: {@link ConflictAction#NOTHING}, a
	 * {@link DoUpdateStep#where(ConflictCondition) condition} on the update that was false, or a later
	 * duplicate of a key within the same bulk call under {@code NOTHING}.
	 */
	UNCHANGED
}

package io.pgextra.hibernate;

/**
 * Chooses the conflict action: {@code DO UPDATE} (with optional refinements) or {@code DO NOTHING}.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface OnConflictStep<T> {

	/** @return an upsert, refinable with {@link DoUpdateStep} */
	DoUpdateStep<T> onConflictDoUpdate();

	/** @return an insert that leaves a conflicting row as it is */
	InsertStep<T> onConflictDoNothing();
}

package io.pgextra.hibernate;

/**
 * Chooses the conflict action: {@code DO UPDATE} (with optional refinements) or {@code DO NOTHING}.
 * <pre>{@code
 * pg.onConflict(PageView.class, ConflictTarget.attributes("path")).doUpdate()
 *   .set("hits", existing("hits").plus(1))
 *   .insert(Map.of("path", "/home", "hits", 1));
 * }</pre>
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface OnConflictStep<T> {

	/**
	 * {@code ON CONFLICT ... DO UPDATE}, named as in jOOQ and Hibernate's own {@code onConflict().doUpdate()}.
	 *
	 * @return an upsert, refinable with {@link DoUpdateStep}
	 * @since 0.2
	 */
	DoUpdateStep<T> doUpdate();

	/**
	 * {@code ON CONFLICT ... DO NOTHING}.
	 *
	 * @return an insert that leaves a conflicting row as it is
	 * @since 0.2
	 */
	InsertStep<T> doNothing();

	/**
	 * @return an upsert, refinable with {@link DoUpdateStep}
	 * @deprecated since 0.2, the name repeated {@code onConflict}; use {@link #doUpdate()}
	 */
	@Deprecated(since = "0.2")
	default DoUpdateStep<T> onConflictDoUpdate() {
		return doUpdate();
	}

	/**
	 * @return an insert that leaves a conflicting row as it is
	 * @deprecated since 0.2, the name repeated {@code onConflict}; use {@link #doNothing()}
	 */
	@Deprecated(since = "0.2")
	default InsertStep<T> onConflictDoNothing() {
		return doNothing();
	}
}

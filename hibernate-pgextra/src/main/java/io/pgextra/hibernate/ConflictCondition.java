package io.pgextra.hibernate;

import io.pgextra.hibernate.internal.conflict.Expressions;

/**
 * A condition on {@code ON CONFLICT DO UPDATE ... WHERE condition}: the existing row is only updated when it
 * holds; otherwise the row is left as it was ({@link RowOutcome#UNCHANGED}). Built from
 * {@link ConflictExpression} comparisons:
 * <pre>{@code
 * // only overwrite with a newer revision
 * .where(excluded("revision").gt(existing("revision")))
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ConflictCondition {

	/**
	 * @param other another condition
	 * @return {@code (this AND other)}
	 */
	default ConflictCondition and(ConflictCondition other) {
		return new Expressions.Logical( this, "AND", other );
	}

	/**
	 * @param other another condition
	 * @return {@code (this OR other)}
	 */
	default ConflictCondition or(ConflictCondition other) {
		return new Expressions.Logical( this, "OR", other );
	}

	/**
	 * @param condition a condition
	 * @return {@code NOT (condition)}
	 */
	static ConflictCondition not(ConflictCondition condition) {
		return new Expressions.Not( condition );
	}
}

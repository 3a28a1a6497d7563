package io.pgextra.hibernate;

import io.pgextra.hibernate.internal.conflict.Expressions;

/**
 * A value computed by {@code ON CONFLICT DO UPDATE SET attribute = expression}, over the existing row and the
 * row proposed for insertion ({@code EXCLUDED}).
 * <pre>{@code
 * import static io.pgextra.hibernate.ConflictExpression.*;
 *
 * // counter = counter + EXCLUDED.counter
 * .set("counter", existing("counter").plus(excluded("counter")))
 * }</pre>
 * Attribute names resolve to columns through Hibernate's metamodel; constants are always bind parameters.
 *
 * @since 0.1.0
 */
public interface ConflictExpression {

	/**
	 * @param attribute a single-column attribute
	 * @return the value of the attribute in the existing (conflicting) row
	 */
	static ConflictExpression existing(String attribute) {
		return new Expressions.Existing( attribute );
	}

	/**
	 * @param attribute a single-column attribute
	 * @return the value of the attribute in the row proposed for insertion ({@code EXCLUDED.column})
	 */
	static ConflictExpression excluded(String attribute) {
		return new Expressions.Excluded( attribute );
	}

	/**
	 * @param attribute a single-column attribute, as a JPA static metamodel attribute ({@code Item_.hits})
	 * @return the value of the attribute in the existing (conflicting) row
	 * @since 0.2
	 */
	static ConflictExpression existing(jakarta.persistence.metamodel.Attribute<?, ?> attribute) {
		return existing( java.util.Objects.requireNonNull( attribute, "attribute" ).getName() );
	}

	/**
	 * @param attribute a single-column attribute, as a JPA static metamodel attribute ({@code Item_.hits})
	 * @return the value of the attribute in the row proposed for insertion ({@code EXCLUDED.column})
	 * @since 0.2
	 */
	static ConflictExpression excluded(jakarta.persistence.metamodel.Attribute<?, ?> attribute) {
		return excluded( java.util.Objects.requireNonNull( attribute, "attribute" ).getName() );
	}

	/**
	 * @param value a constant, sent as a bind parameter
	 * @return the constant
	 */
	static ConflictExpression value(Object value) {
		return new Expressions.Constant( value );
	}

	/**
	 * @param expressions candidates
	 * @return the first non-null of them ({@code COALESCE})
	 */
	static ConflictExpression coalesce(ConflictExpression... expressions) {
		return new Expressions.Function( "COALESCE", expressions );
	}

	/**
	 * @param expressions candidates
	 * @return the largest of them ({@code GREATEST})
	 */
	static ConflictExpression greatest(ConflictExpression... expressions) {
		return new Expressions.Function( "GREATEST", expressions );
	}

	/**
	 * @param expressions candidates
	 * @return the smallest of them ({@code LEAST})
	 */
	static ConflictExpression least(ConflictExpression... expressions) {
		return new Expressions.Function( "LEAST", expressions );
	}

	/**
	 * @param other an operand
	 * @return {@code this + other}
	 */
	default ConflictExpression plus(ConflictExpression other) {
		return new Expressions.Binary( this, "+", other );
	}

	/**
	 * @param other an operand, sent as a bind parameter
	 * @return {@code this + other}
	 */
	default ConflictExpression plus(Number other) {
		return plus( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this - other}
	 */
	default ConflictExpression minus(ConflictExpression other) {
		return new Expressions.Binary( this, "-", other );
	}

	/**
	 * @param other an operand, sent as a bind parameter
	 * @return {@code this - other}
	 */
	default ConflictExpression minus(Number other) {
		return minus( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this * other}
	 */
	default ConflictExpression times(ConflictExpression other) {
		return new Expressions.Binary( this, "*", other );
	}

	/**
	 * @param other an operand, sent as a bind parameter
	 * @return {@code this * other}
	 * @since 0.2
	 */
	default ConflictExpression times(Number other) {
		return times( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this / other}; PostgreSQL's division, so integer operands truncate ({@code 7 / 2 = 3})
	 * @since 0.2
	 */
	default ConflictExpression divide(ConflictExpression other) {
		return new Expressions.Binary( this, "/", other );
	}

	/**
	 * @param other an operand, sent as a bind parameter
	 * @return {@code this / other}; PostgreSQL's division, so integer operands truncate ({@code 7 / 2 = 3})
	 * @since 0.2
	 */
	default ConflictExpression divide(Number other) {
		return divide( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this || other}, string or hstore concatenation
	 */
	default ConflictExpression concat(ConflictExpression other) {
		return new Expressions.Binary( this, "||", other );
	}

	/**
	 * @param other an operand
	 * @return {@code this > other}
	 */
	default ConflictCondition gt(ConflictExpression other) {
		return new Expressions.Comparison( this, ">", other );
	}

	/**
	 * @param other a constant, sent as a bind parameter
	 * @return {@code this > other}
	 * @since 0.2
	 */
	default ConflictCondition gt(Number other) {
		return gt( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this >= other}
	 */
	default ConflictCondition ge(ConflictExpression other) {
		return new Expressions.Comparison( this, ">=", other );
	}

	/**
	 * @param other a constant, sent as a bind parameter
	 * @return {@code this >= other}
	 * @since 0.2
	 */
	default ConflictCondition ge(Number other) {
		return ge( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this < other}
	 */
	default ConflictCondition lt(ConflictExpression other) {
		return new Expressions.Comparison( this, "<", other );
	}

	/**
	 * @param other a constant, sent as a bind parameter
	 * @return {@code this < other}
	 * @since 0.2
	 */
	default ConflictCondition lt(Number other) {
		return lt( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this <= other}
	 */
	default ConflictCondition le(ConflictExpression other) {
		return new Expressions.Comparison( this, "<=", other );
	}

	/**
	 * @param other a constant, sent as a bind parameter
	 * @return {@code this <= other}
	 * @since 0.2
	 */
	default ConflictCondition le(Number other) {
		return le( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this = other}
	 */
	default ConflictCondition eq(ConflictExpression other) {
		return new Expressions.Comparison( this, "=", other );
	}

	/**
	 * @param other a constant, sent as a bind parameter
	 * @return {@code this = other}
	 * @since 0.2
	 */
	default ConflictCondition eq(Number other) {
		return eq( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this <> other}
	 */
	default ConflictCondition ne(ConflictExpression other) {
		return new Expressions.Comparison( this, "<>", other );
	}

	/**
	 * @param other a constant, sent as a bind parameter
	 * @return {@code this <> other}
	 * @since 0.2
	 */
	default ConflictCondition ne(Number other) {
		return ne( value( other ) );
	}

	/**
	 * @param other an operand
	 * @return {@code this IS DISTINCT FROM other}: like {@code <>}, with {@code NULL} a comparable value; the usual
	 * condition to skip updates that would change nothing
	 */
	default ConflictCondition isDistinctFrom(ConflictExpression other) {
		return new Expressions.Comparison( this, "IS DISTINCT FROM", other );
	}

	/** @return {@code this IS NULL} */
	default ConflictCondition isNull() {
		return new Expressions.Postfix( this, "IS NULL" );
	}

	/** @return {@code this IS NOT NULL} */
	default ConflictCondition isNotNull() {
		return new Expressions.Postfix( this, "IS NOT NULL" );
	}
}

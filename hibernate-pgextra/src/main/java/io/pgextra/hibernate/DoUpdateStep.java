package io.pgextra.hibernate;

/**
 * Refines {@code ON CONFLICT DO UPDATE}: which attributes the update overwrites, attributes computed from the
 * existing and the proposed row, and a condition. Without refinement, every given attribute that is not part of
 * the conflict target is overwritten with the proposed value.
 * <pre>{@code
 * pg.onConflict(PageView.class, ConflictTarget.attributes("path"))
 *   .doUpdate()
 *   .set("hits", existing("hits").plus(excluded("hits")))
 *   .insert(Map.of("path", "/home", "hits", 1));
 * }</pre>
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface DoUpdateStep<T> extends InsertStep<T> {

	/**
	 * Restricts the update to these attributes (each set to its proposed value, {@code EXCLUDED}); the other given
	 * attributes are only used on insert.
	 *
	 * @param attributes attributes to overwrite on conflict
	 * @return a new step
	 */
	DoUpdateStep<T> updating(String... attributes);

	/**
	 * Sets an attribute on conflict from an expression, e.g. {@code counter = counter + EXCLUDED.counter}. Takes
	 * precedence over the default of overwriting the attribute with its proposed value.
	 *
	 * @param attribute a single-column attribute
	 * @param expression its new value
	 * @return a new step
	 */
	DoUpdateStep<T> set(String attribute, ConflictExpression expression);

	/**
	 * {@link #updating(String...)} with JPA static metamodel attributes ({@code Item_.label}).
	 *
	 * @param attributes attributes of this entity (or of a supertype) to overwrite on conflict
	 * @return a new step
	 * @throws IllegalArgumentException if an attribute is declared by a type that is not the entity or a supertype
	 * (checked at run time: {@code Attribute<?, ?>} keeps the varargs free of unchecked-array warnings at the call
	 * site, which {@code Attribute<? super T, ?>} would cause)
	 * @since 0.2
	 */
	DoUpdateStep<T> updating(jakarta.persistence.metamodel.Attribute<?, ?>... attributes);

	/**
	 * {@link #set(String, ConflictExpression)} with a JPA static metamodel attribute ({@code Item_.hits}).
	 *
	 * @param attribute a single-column attribute of this entity (or of a supertype)
	 * @param expression its new value
	 * @return a new step
	 * @throws IllegalArgumentException if the attribute is declared by a type that is not the entity or a supertype
	 * @since 0.2
	 */
	DoUpdateStep<T> set(jakarta.persistence.metamodel.Attribute<? super T, ?> attribute, ConflictExpression expression);

	/**
	 * Only update the existing row when the condition holds ({@code DO UPDATE ... WHERE}); otherwise it is left
	 * as it was and reported {@link RowOutcome#UNCHANGED}.
	 *
	 * @param condition the condition
	 * @return the terminal step
	 */
	InsertStep<T> where(ConflictCondition condition);
}

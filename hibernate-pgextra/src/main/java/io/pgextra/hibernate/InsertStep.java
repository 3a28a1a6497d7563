package io.pgextra.hibernate;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The last step of an {@code INSERT ... ON CONFLICT}: what to insert, and what to return. Immutable and
 * reusable; every call runs in the caller's transaction and needs one ({@link jakarta.persistence.TransactionRequiredException}
 * otherwise).
 * <p>
 * Values come either as a {@code Map} keyed by attribute name or as a transient entity instance. From a map, an
 * attribute that is not given gets the column default on insert and keeps its value on conflict; from an entity,
 * every attribute is given ({@code null} is {@code NULL}). Generated identifiers, {@code @Version},
 * {@code @CreationTimestamp}/{@code @UpdateTimestamp}, converters and enums behave as with {@code persist}.
 * <p>
 * A single-row call is one SQL statement when the row is inserted or updated. Bulk calls send as few statements
 * as the bind-parameter limit allows and return one result per input row, in input order, also for rows that
 * conflicted under {@link ConflictAction#NOTHING}.
 * <p>
 * The name tells the result: {@code insert} a primary key, {@code insertAndGet} a managed entity,
 * {@code insertForResult} a {@link ConflictResult}; the bulk forms return one of them per row, and take entities
 * ({@code bulkInsert...}) or maps ({@code bulkInsertMaps...}), never both under one name.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface InsertStep<T> {

	/**
	 * @param values attribute name to value
	 * @param <I> the identifier type
	 * @return the primary key of the row that was inserted or that the values conflicted with
	 */
	<I> I insert(Map<String, ?> values);

	/**
	 * @param entity a transient instance whose attribute values are inserted; it is not made managed
	 * @param <I> the identifier type
	 * @return the primary key of the row that was inserted or that the entity conflicted with
	 */
	<I> I insert(T entity);

	/**
	 * {@link #insert(Map)} with the identifier type checked: a wrong type fails before any SQL, naming the entity
	 * and both types, instead of a {@code ClassCastException} at the call site.
	 * <pre>{@code
	 * Long id = step.insert(Map.of("name", "a"), Long.class);
	 * }</pre>
	 *
	 * @param values attribute name to value
	 * @param idType the entity's identifier type as Hibernate's metamodel has it (its wrapper for a primitive), or
	 * a supertype of it
	 * @param <I> the identifier type
	 * @return the primary key of the row that was inserted or that the values conflicted with
	 * @throws IllegalArgumentException if the entity's identifier is not an {@code idType}
	 * @since 0.2
	 */
	<I> I insert(Map<String, ?> values, Class<I> idType);

	/**
	 * {@link #insert(Object)} with the identifier type checked, as {@link #insert(Map, Class)}.
	 *
	 * @param entity a transient instance whose attribute values are inserted; it is not made managed
	 * @param idType the entity's identifier type, or a supertype of it
	 * @param <I> the identifier type
	 * @return the primary key of the row that was inserted or that the entity conflicted with
	 * @throws IllegalArgumentException if the entity's identifier is not an {@code idType}
	 * @since 0.2
	 */
	<I> I insert(T entity, Class<I> idType);

	/**
	 * @param values attribute name to value
	 * @return the row that was inserted or conflicted, as a managed entity that reflects the database (an instance
	 * already in the persistence context is refreshed, never returned stale)
	 */
	T insertAndGet(Map<String, ?> values);

	/**
	 * @param entity a transient instance whose attribute values are inserted; it is not made managed
	 * @return the row that was inserted or conflicted, as a managed entity (a different instance than
	 * {@code entity})
	 */
	T insertAndGet(T entity);

	/**
	 * @param values attribute name to value
	 * @return the primary key of the affected row and whether it was inserted, updated or left unchanged
	 */
	ConflictResult insertForResult(Map<String, ?> values);

	/**
	 * @param entity a transient instance whose attribute values are inserted
	 * @return the primary key of the affected row and whether it was inserted, updated or left unchanged
	 */
	ConflictResult insertForResult(T entity);

	/**
	 * {@link #bulkInsert(Collection)} with the identifier type checked, as {@link #insert(Map, Class)}.
	 *
	 * @param entities the rows; the instances are not made managed
	 * @param idType the entity's identifier type, or a supertype of it
	 * @param <I> the identifier type
	 * @return per input entity, in input order, the primary key of its row
	 * @throws IllegalArgumentException if the entity's identifier is not an {@code idType}
	 * @since 0.2
	 */
	<I> List<I> bulkInsert(Collection<? extends T> entities, Class<I> idType);

	/**
	 * Bulk insert from maps. All rows must give the same attributes. Named apart from
	 * {@link #bulkInsert(Collection)} (since 0.2; before, an overload of it) so that the result's shape follows from
	 * the name and {@code bulkInsert(List.of())} compiles.
	 *
	 * @param rows attribute name to value, one map per row
	 * @return per input row, in input order, a copy of its values merged with the primary key of its row
	 * (under the identifier attribute's name)
	 * @since 0.2
	 */
	List<Map<String, Object>> bulkInsertMaps(List<? extends Map<String, ?>> rows);

	/**
	 * Bulk insert from transient entity instances.
	 *
	 * @param entities the rows; the instances are not made managed
	 * @param <I> the identifier type
	 * @return per input entity, in input order, the primary key of its row
	 */
	<I> List<I> bulkInsert(Collection<? extends T> entities);

	/**
	 * Bulk insert from maps, returning entities (since 0.2; before, an overload of
	 * {@link #bulkInsertAndGet(Collection)}).
	 *
	 * @param rows attribute name to value, one map per row
	 * @return per input row, in input order, its row as a managed entity
	 * @since 0.2
	 */
	List<T> bulkInsertMapsAndGet(List<? extends Map<String, ?>> rows);

	/**
	 * @param entities the rows, as transient instances
	 * @return per input entity, in input order, its row as a managed entity
	 */
	List<T> bulkInsertAndGet(Collection<? extends T> entities);

	/**
	 * Bulk insert from maps, returning outcomes (since 0.2; before, an overload of
	 * {@link #bulkInsertForResults(Collection)}).
	 *
	 * @param rows attribute name to value, one map per row
	 * @return per input row, in input order, the primary key and what happened
	 * @since 0.2
	 */
	List<ConflictResult> bulkInsertMapsForResults(List<? extends Map<String, ?>> rows);

	/**
	 * @param entities the rows, as transient instances
	 * @return per input entity, in input order, the primary key and what happened
	 */
	List<ConflictResult> bulkInsertForResults(Collection<? extends T> entities);
}

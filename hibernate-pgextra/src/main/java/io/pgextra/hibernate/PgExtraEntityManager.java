package io.pgextra.hibernate;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.internal.PgExtraEntityManagerImpl;

import jakarta.persistence.EntityManager;

/**
 * An {@link EntityManager} with PostgreSQL's {@code INSERT ... ON CONFLICT}: concurrency-safe upserts in one
 * round trip that return primary keys or managed entities.
 * <p>
 * Wraps any {@code EntityManager}, a Hibernate {@code Session} or Spring's shared {@code EntityManager} included,
 * and delegates every {@code EntityManager} method to it unchanged: {@code persist}, {@code merge},
 * {@code createQuery} behave exactly as the delegate's, and {@code onConflict} never changes them. The session is
 * looked up on each call, so a wrapper may be created once and kept.
 * <p>
 * It is not needed for {@linkplain io.pgextra.hibernate.signals.Signals signals}: a bulk JPQL/HQL/Criteria
 * {@code update} or {@code delete} sends one signal per affected row through any entity manager, session or
 * stateless session of the factory (since 0.2.0), created here or not.
 * <pre>{@code
 * PgExtraEntityManager pg = PgExtraEntityManager.of(entityManager);
 *
 * // insert or update if it already exists, then fetch, all in a single query
 * MyModel obj = pg.onConflict(MyModel.class, ConflictTarget.attributes("myfield"), ConflictAction.UPDATE)
 *                 .insertAndGet(Map.of("myfield", "beer"));
 * }</pre>
 * No base class or annotation is needed on the entities.
 *
 * @since 0.1.0
 */
public interface PgExtraEntityManager extends EntityManager {

	/**
	 * @param entityManager any entity manager backed by Hibernate ORM and PostgreSQL
	 * @return a wrapper; {@code entityManager} itself if it already is one
	 */
	static PgExtraEntityManager of(EntityManager entityManager) {
		if ( entityManager instanceof PgExtraEntityManager pg ) {
			return pg;
		}
		return new PgExtraEntityManagerImpl( entityManager );
	}

	/** @return the wrapped entity manager */
	EntityManager getDelegateEntityManager();

	/**
	 * {@code INSERT ... ON CONFLICT target DO UPDATE | DO NOTHING}, with the action chosen at run time.
	 * <p>
	 * Since 0.2 the step is refinable ({@link DoUpdateStep#updating updating}, {@link DoUpdateStep#set set},
	 * {@link DoUpdateStep#where where}) whatever the action, so code that picks the action at run time builds one
	 * chain without branching. The refinements say how a conflicting row is updated; under
	 * {@link ConflictAction#NOTHING} no row is updated, so they have no effect (as the seed's {@code update_values}
	 * and {@code update_condition} under {@code ConflictAction.NOTHING}).
	 * <pre>{@code
	 * pg.onConflict(Counter.class, ConflictTarget.attributes("name"), action)
	 *   .set("hits", existing("hits").plus(excluded("hits")))
	 *   .insert(Map.of("name", "a", "hits", 1));
	 * }</pre>
	 *
	 * @param entityClass the entity
	 * @param target the unique constraint or index to react to
	 * @param action what to do on conflict
	 * @param <T> the entity type
	 * @return the step that inserts, refinable for {@link ConflictAction#UPDATE} (a {@link DoUpdateStep} since 0.2;
	 * it extends the {@link InsertStep} returned before)
	 */
	<T> DoUpdateStep<T> onConflict(Class<T> entityClass, ConflictTarget target, ConflictAction action);

	/**
	 * The seed's form: {@code on_conflict(['first_name', 'last_name'], ConflictAction.UPDATE)}.
	 *
	 * @param entityClass the entity
	 * @param targetAttributes one attribute, or several that are unique together
	 * @param action what to do on conflict
	 * @param <T> the entity type
	 * @return the step that inserts, refinable as {@link #onConflict(Class, ConflictTarget, ConflictAction)}
	 */
	default <T> DoUpdateStep<T> onConflict(Class<T> entityClass, List<String> targetAttributes, ConflictAction action) {
		return onConflict( entityClass, ConflictTarget.attributes( targetAttributes ), action );
	}

	/**
	 * {@code INSERT ... ON CONFLICT target}, with the action chosen next: {@link OnConflictStep#doUpdate() doUpdate()} (refinable:
	 * which attributes, expressions, a condition) or {@link OnConflictStep#doNothing() doNothing()}.
	 *
	 * @param entityClass the entity
	 * @param target the unique constraint or index to react to
	 * @param <T> the entity type
	 * @return the step that chooses the action
	 */
	<T> OnConflictStep<T> onConflict(Class<T> entityClass, ConflictTarget target);

	/**
	 * {@code INSERT ... ON CONFLICT} into the table of a collection: a {@code @ManyToMany} join table or an
	 * {@code @ElementCollection} table.
	 *
	 * @param ownerClass the entity declaring the collection
	 * @param collectionAttribute the collection attribute, e.g. {@code "tags"}
	 * @param target the unique constraint to react to, over column names
	 * @param action what to do on conflict
	 * @return the step that inserts
	 */
	CollectionTableInsertStep onConflictInCollectionTable(
			Class<?> ownerClass, String collectionAttribute, ConflictTarget target, ConflictAction action);

	/**
	 * Shorthand for {@code onConflict(entityClass, target, ConflictAction.UPDATE).insert(values)}.
	 *
	 * @param entityClass the entity
	 * @param target the unique constraint or index to react to
	 * @param values attribute name to value
	 * @param <T> the entity type
	 * @param <I> the identifier type
	 * @return the primary key of the row that was inserted or updated
	 */
	default <T, I> I upsert(Class<T> entityClass, ConflictTarget target, Map<String, ?> values) {
		return onConflict( entityClass, target, ConflictAction.UPDATE ).insert( values );
	}

	/**
	 * Shorthand for {@code onConflict(entity.getClass(), target, ConflictAction.UPDATE).insert(entity)}.
	 *
	 * @param target the unique constraint or index to react to
	 * @param entity a transient instance
	 * @param <T> the entity type
	 * @param <I> the identifier type
	 * @return the primary key of the row that was inserted or updated
	 */
	@SuppressWarnings("unchecked")
	default <T, I> I upsert(ConflictTarget target, T entity) {
		return onConflict( (Class<T>) entity.getClass(), target, ConflictAction.UPDATE ).insert( entity );
	}

	/**
	 * Shorthand for {@code onConflict(entityClass, target, ConflictAction.UPDATE).insertAndGet(values)}.
	 *
	 * @param entityClass the entity
	 * @param target the unique constraint or index to react to
	 * @param values attribute name to value
	 * @param <T> the entity type
	 * @return the row as a managed entity
	 */
	default <T> T upsertAndGet(Class<T> entityClass, ConflictTarget target, Map<String, ?> values) {
		return onConflict( entityClass, target, ConflictAction.UPDATE ).insertAndGet( values );
	}

	/**
	 * Shorthand for {@code onConflict(entity.getClass(), target, ConflictAction.UPDATE).insertAndGet(entity)}.
	 *
	 * @param target the unique constraint or index to react to
	 * @param entity a transient instance
	 * @param <T> the entity type
	 * @return the row as a managed entity
	 */
	@SuppressWarnings("unchecked")
	default <T> T upsertAndGet(ConflictTarget target, T entity) {
		return onConflict( (Class<T>) entity.getClass(), target, ConflictAction.UPDATE ).insertAndGet( entity );
	}

	/**
	 * Shorthand for {@code onConflict(entityClass, target, ConflictAction.UPDATE).bulkInsertMaps(rows)}; named apart
	 * from {@link #bulkUpsert(Class, ConflictTarget, java.util.Collection)} (since 0.2; before, an overload of it)
	 * so that {@code bulkUpsert(Item.class, target, List.of())} compiles.
	 *
	 * @param entityClass the entity
	 * @param target the unique constraint or index to react to
	 * @param rows attribute name to value, one map per row
	 * @param <T> the entity type
	 * @return per input row, in input order, its values merged with the primary key
	 * @since 0.2
	 */
	default <T> List<Map<String, Object>> bulkUpsertMaps(Class<T> entityClass, ConflictTarget target,
			List<? extends Map<String, ?>> rows) {
		return onConflict( entityClass, target, ConflictAction.UPDATE ).bulkInsertMaps( rows );
	}

	/**
	 * Shorthand for {@code onConflict(entityClass, target, ConflictAction.UPDATE).bulkInsert(entities)}.
	 *
	 * @param entityClass the entity
	 * @param target the unique constraint or index to react to
	 * @param entities transient instances
	 * @param <T> the entity type
	 * @param <I> the identifier type
	 * @return per input entity, in input order, the primary key of its row
	 */
	default <T, I> List<I> bulkUpsert(Class<T> entityClass, ConflictTarget target,
			java.util.Collection<? extends T> entities) {
		return onConflict( entityClass, target, ConflictAction.UPDATE ).bulkInsert( entities );
	}
}

package io.pgextra.hibernate.spring;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.OnConflictStep;

/**
 * {@code INSERT ... ON CONFLICT} for a Spring Data JPA repository's entity. Extend it next to
 * {@code JpaRepository}, directly on the repository interface:
 * <pre>{@code
 * interface ItemRepository extends JpaRepository<Item, Long>, PgExtraRepository<Item, Long> {
 * }
 *
 * Long id = items.upsert(ConflictTarget.attributes("sku"), new Item("A-1", 3));
 * }</pre>
 * Nothing else to configure: the starter registers the implementation for Spring Data (in
 * {@code META-INF/spring.factories}, keyed by this interface), with no base class and no change to
 * {@code @EnableJpaRepositories}.
 * <p>
 * Each call is transactional like {@code save}: it joins the surrounding transaction, or runs in its own, with the
 * transaction manager of the entity manager factory that maps the entity. The steps returned by
 * {@code onConflict(...)} do the same for each {@code insert...} or {@code bulkInsert...} call. The methods are
 * those of {@link io.pgextra.hibernate.PgExtraEntityManager} without the entity class.
 *
 * @param <T> the entity
 * @param <ID> its identifier
 * @since 0.1.0
 */
public interface PgExtraRepository<T, ID> {

	/**
	 * @param target the unique constraint or index to react to
	 * @param entity a transient instance
	 * @return the primary key of the row that was inserted or updated
	 */
	ID upsert(ConflictTarget target, T entity);

	/**
	 * @param target the unique constraint or index to react to
	 * @param values attribute name to value
	 * @return the primary key of the row that was inserted or updated
	 */
	ID upsert(ConflictTarget target, Map<String, ?> values);

	/**
	 * @param target the unique constraint or index to react to
	 * @param entity a transient instance
	 * @return the row as an entity (managed while the surrounding transaction lasts)
	 */
	T upsertAndGet(ConflictTarget target, T entity);

	/**
	 * @param target the unique constraint or index to react to
	 * @param values attribute name to value
	 * @return the row as an entity (managed while the surrounding transaction lasts)
	 */
	T upsertAndGet(ConflictTarget target, Map<String, ?> values);

	/**
	 * @param target the unique constraint or index to react to
	 * @param entities transient instances
	 * @return per input entity, in input order, the primary key of its row
	 */
	List<ID> bulkUpsert(ConflictTarget target, Collection<? extends T> entities);

	/**
	 * The map form of {@link #bulkUpsert(ConflictTarget, Collection)}, named apart (as the core's
	 * {@code bulkUpsertMaps}) so that the result's shape follows from the name and {@code bulkUpsert(target, List.of())}
	 * compiles; as an overload of {@code bulkUpsert} it made that call ambiguous.
	 *
	 * @param target the unique constraint or index to react to
	 * @param rows attribute name to value, one map per row
	 * @return per input row, in input order, its values merged with the primary key
	 * @since 0.2.0
	 */
	List<Map<String, Object>> bulkUpsertMaps(ConflictTarget target, List<? extends Map<String, ?>> rows);

	/**
	 * @param target the unique constraint or index to react to
	 * @param action what to do on conflict
	 * @return the step that inserts; each of its calls is transactional
	 */
	InsertStep<T> onConflict(ConflictTarget target, ConflictAction action);

	/**
	 * @param target the unique constraint or index to react to
	 * @return the step that chooses the action; each insert of the steps that follow is transactional
	 */
	OnConflictStep<T> onConflict(ConflictTarget target);
}

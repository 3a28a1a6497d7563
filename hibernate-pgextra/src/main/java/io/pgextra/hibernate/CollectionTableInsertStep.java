package io.pgextra.hibernate;

import java.util.List;
import java.util.Map;

/**
 * {@code INSERT ... ON CONFLICT} into the table of a {@code @ManyToMany} join table or an
 * {@code @ElementCollection}, which has no entity of its own (the seed's {@code postgres_manager(Model.through)}).
 * Rows are maps keyed by column name; values are the column values (for a foreign key, the referenced
 * identifier). Such rows have no primary key: results only say what happened.
 *
 * @since 0.1.0
 */
public interface CollectionTableInsertStep {

	/**
	 * @param columns column name to value
	 * @return what happened to the row
	 */
	RowOutcome insert(Map<String, ?> columns);

	/**
	 * @param rows column name to value, one map per row; all rows give the same columns
	 * @return per input row, in input order, what happened to it
	 */
	List<RowOutcome> bulkInsert(List<? extends Map<String, ?>> rows);
}

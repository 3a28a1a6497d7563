package io.pgextra.hibernate.internal.conflict;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictCondition;
import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.internal.conflict.ConflictExecution.Mode;
import io.pgextra.hibernate.internal.conflict.StatementRenderer.Statement;

/**
 * The rendered SQL of statements, by their shape, so that a single-row upsert does not render its statement again on
 * every call. One per session factory, held in its {@link io.pgextra.hibernate.internal.PgExtraRuntime}'s cache
 * (no static state); bounded: when full it starts over, so that calls of ever new shapes (attribute sets, row counts)
 * cannot grow it without limit.
 */
final class StatementCache {

	/** The key of this cache in the runtime's cache. */
	static final Object KEY = new Object() {
		@Override
		public String toString() {
			return "StatementCache";
		}
	};

	/** Entries before the cache starts over. */
	static final int MAX_ENTRIES = 256;
	/**
	 * Rows of a statement with one parameter per value ({@code VALUES}) up to which its SQL is kept: its text grows
	 * with the rows, and a bulk call's chunks of other sizes would fill the cache with large strings used once. A
	 * statement of arrays has the same text whatever its rows.
	 */
	static final int MAX_VALUES_ROWS = 8;

	/**
	 * Everything the SQL depends on: the call (table, catalog as read, target, action, what is updated and how) and
	 * its plan (columns, key), what is returned, how rows are matched and bound. Identity of the model and the
	 * catalog: both are cached per factory, and a catalog read again is a new one.
	 */
	record Shape(TableModel model, TableCatalog catalog, ConflictTarget target, ConflictAction action,
			List<String> updating, Map<String, ConflictExpression> sets, ConflictCondition where,
			List<TableModel.Column> boundColumns, List<List<String>> sqlColumns, String conflictTarget,
			List<ConflictPlan.KeyPart> key, List<ConflictPlan.KeyPart> idKey, Mode mode, boolean byId, boolean arrays,
			boolean copy, int rows) {

		/** @return this shape holding copies of the plan's lists, which belong to one call */
		Shape kept() {
			return new Shape( model, catalog, target, action, updating, sets, where, List.copyOf( boundColumns ),
					sqlColumns, conflictTarget, key == null ? null : List.copyOf( key ),
					idKey == null ? null : List.copyOf( idKey ), mode, byId, arrays, copy, rows );
		}
	}

	private final Map<Shape, Statement> statements = new ConcurrentHashMap<>();

	Statement get(Shape shape) {
		return statements.get( shape );
	}

	/** @param statement its SQL and how its rows are matched; its bindings are not kept */
	void put(Shape shape, Statement statement) {
		if ( statements.size() >= MAX_ENTRIES ) {
			statements.clear();
		}
		statements.put( shape.kept(), new Statement( statement.sql(), List.of(), statement.matchKey(), statement.matchColumns() ) );
	}

	int size() {
		return statements.size();
	}
}

package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.List;

import io.pgextra.hibernate.internal.conflict.ConflictCall.Binding;
import io.pgextra.hibernate.internal.conflict.ConflictExecution.Mode;
import io.pgextra.hibernate.internal.conflict.RowBinder.BoundRows;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

/**
 * The render stage: the SQL text of one statement for a chunk of bound rows, and its bind parameters in the order of
 * their placeholders.
 * <p>
 * The statement, for {@code n} rows:
 * <pre>
 * WITH pgx_in (c1, c2, pgx_ord) AS (VALUES (CAST(? AS t1), CAST(? AS t2), 1), ...),
 * pgx_up AS (INSERT INTO table AS pgx_t (c1, c2) SELECT c1, c2 FROM pgx_in ORDER BY pgx_ord
 *            ON CONFLICT (target) DO UPDATE SET ... | DO NOTHING
 *            RETURNING payload, key AS pgx_k0, (pgx_t.xmax = 0) AS pgx_inserted)
 * SELECT pgx_up.*, pgx_in.pgx_ord FROM pgx_up LEFT JOIN pgx_in ON pgx_up.pgx_k0 = key(pgx_in)
 UNION ALL   -- only when a conflicting row may be left alone: DO NOTHING, or DO UPDATE ... WHERE
 * SELECT payload(pgx_ex.pgx_row), key(pgx_ex.pgx_row), NULL, pgx_ex.pgx_ord FROM pgx_ex
 * ORDER BY pgx_ord
 * </pre>
 * where {@code pgx_ex}, a third CTE, holds the conflicting rows of the rows left alone, locked (see
 * {@link #leftAloneLocked}):
 * <pre>
 * pgx_ex AS (SELECT pgx_e AS pgx_row, pgx_q.pgx_ord
 *            FROM (SELECT key(pgx_in) AS pgx_q0, pgx_ord FROM pgx_in
 *                  WHERE key(pgx_in) NOT IN (SELECT pgx_k0 FROM pgx_up WHERE pgx_k0 IS NOT NULL)) pgx_q  -- one row: NOT EXISTS
 *            JOIN table pgx_e ON key(pgx_e) = pgx_q.pgx_q0 [WHERE index predicate]
 *            ORDER BY pgx_q.pgx_ord FOR SHARE OF pgx_e)
 * </pre>
 * A chunk bound as arrays ({@link RowBinder#arrays}) reads {@code WITH pgx_in (c1, c2, pgx_ord) AS (SELECT * FROM
 * unnest(CAST(? AS t1[]), CAST(? AS t2[])) WITH ORDINALITY)}, a chunk copied into a temporary table ({@link CopyInput})
 * {@code WITH pgx_in (c1, c2, pgx_ord) AS (SELECT CAST(c1 AS t1), CAST(c2 AS t2), pgx_ord FROM pg_temp.pgx_copy_in)};
 * the rest of the statement is the same.
 * <p>
 * {@code RETURNING} gives no input position, so rows are matched back to their input by conflict key; the
 * {@code UNION} branch finds the rows left alone, which {@code RETURNING} omits, in the same statement. Where the
 * key's columns compare in PostgreSQL as in Java (text, integers, uuid: {@link #javaMatchColumns}), the written rows
 * are not joined with {@code pgx_in} nor sorted: the statement ends {@code SELECT pgx_up.*, CAST(NULL AS bigint) AS
 * pgx_ord FROM pgx_up [UNION ALL ...]} and {@link ResultReader#read} matches their keys to the input's in a hash.
 * {@code xmax = 0} holds for a freshly inserted row version, not for one updated by {@code ON CONFLICT}.
 */
final class StatementRenderer {

	/**
	 * One statement: its SQL and its bind parameters, in placeholder order.
	 *
	 * @param matchKey when not {@code null}, the written rows come back without their input position
	 * ({@code pgx_ord} is {@code NULL}) and with their key ({@code pgx_k0...}), to be matched to the input in Java:
	 * the key's parts, in {@code matchColumns} of each row
	 */
	record Statement(String sql, List<Binding> bindings, List<ConflictPlan.KeyPart> matchKey, int[] matchColumns) {
		Statement(String sql, List<Binding> bindings) {
			this( sql, bindings, null, null );
		}
	}

	/**
	 * Java classes whose {@code equals} is PostgreSQL's equality of the column types they are read from (a value read
	 * back from another type, e.g. a String from a uuid or integer column, is the database's text of it, not the
	 * given one: 'ABC...' comes back lower-case, '007' as '7').
	 */
	private static final java.util.Map<Class<?>, java.util.Set<String>> EXACT_JAVA_TYPES = java.util.Map.of(
			String.class, java.util.Set.of( "text", "character varying" ),
			Long.class, java.util.Set.of( "smallint", "integer", "bigint" ),
			Integer.class, java.util.Set.of( "smallint", "integer", "bigint" ),
			Short.class, java.util.Set.of( "smallint", "integer", "bigint" ),
			java.util.UUID.class, java.util.Set.of( "uuid" ) );

	private final ConflictCall call;
	private final ConflictPlan plan;
	private final UpdateClause update;
	/** {@link #javaMatchColumns} of the conflict key and of the identifier, computed once */
	private final int[] keyMatchColumns;
	private final int[] idMatchColumns;

	StatementRenderer(ConflictCall call, ConflictPlan plan, UpdateClause update) {
		this.call = call;
		this.plan = plan;
		this.update = update;
		this.keyMatchColumns = plan.keyInInput ? javaMatchColumns( plan.key ) : null;
		this.idMatchColumns = plan.idKey == null ? null : javaMatchColumns( plan.idKey );
	}

	/**
	 * Where each part of the key is in a bound row, if the written rows can be matched to the input rows by their key
	 * in Java rather than by a join in SQL: every part a plain column that PostgreSQL compares as Java compares the
	 * value read back (see {@link TableCatalog#exactlyCompared}), read with the type it is bound with. Why: the join
	 * of {@code RETURNING}'s rows with the input on the key, and the sort by input position, cost the server about
	 * 12% of a 10,000-row statement (PostgreSQL 15, psql: medians 127 against 112 ms, a bulk upsert of 100,000 rows
	 * half present); a hash in Java costs a few milliseconds.
	 *
	 * @return the indexes in {@link ConflictPlan#boundColumns}, or {@code null}: the database matches them
	 */
	private int[] javaMatchColumns(List<ConflictPlan.KeyPart> key) {
		int[] columns = new int[key.size()];
		for ( int i = 0; i < key.size(); i++ ) {
			ConflictPlan.KeyPart part = key.get( i );
			Column column = part.column();
			columns[i] = plan.boundColumns.indexOf( column );
			if ( part.hstoreKey() != null || columns[i] < 0 || column.bindType() == null
					|| column.bindType().getValueConverter() != null
					|| !call.catalog.exactlyCompared.contains( column.catalogName() )
					|| !EXACT_JAVA_TYPES.getOrDefault( column.bindType().getJavaTypeDescriptor().getJavaTypeClass(),
							java.util.Set.of() ).contains( call.catalog.baseType( column.catalogName() ) )
					|| call.model.writeTransformers.containsKey( column.catalogName() ) ) {
				return null;
			}
		}
		return columns;
	}

	Statement render(BoundRows rows, Mode mode) {
		return render( rows, mode, false );
	}

	/**
	 * @param byId match the returned rows to the input by identifier instead of conflict key: for rows whose key has
	 * a NULL, which never conflict (a NULL is distinct from every value), so that no row is left alone either
	 */
	Statement render(BoundRows rows, Mode mode, boolean byId) {
		boolean copied = rows.copy() != null;
		if ( update != null && update.constantCount > 0
				|| !rows.arrays() && !copied && rows.rows() > StatementCache.MAX_VALUES_ROWS ) {
			// constants of set(...) / where(...) are bound: their values are not part of a shape
			return renderNew( rows, mode, byId );
		}
		List<List<String>> sqlColumns = new ArrayList<>( plan.sqlColumns.size() );
		for ( String[] sqlColumn : plan.sqlColumns ) {
			sqlColumns.add( List.of( sqlColumn ) );
		}
		StatementCache.Shape shape = new StatementCache.Shape( call.model, call.catalog, call.target, call.action,
				call.updating, call.sets, call.where, plan.boundColumns, sqlColumns, plan.conflictTarget, plan.key,
				plan.idKey, mode, byId, rows.arrays(), copied, ( rows.arrays() || copied ) && rows.rows() > 1 ? -1 : rows.rows() );
		StatementCache cache = call.runtime.cached( StatementCache.KEY, key -> new StatementCache() );
		Statement cached = cache.get( shape );
		if ( cached != null ) {
			return new Statement( cached.sql(), rows.bindings(), cached.matchKey(), cached.matchColumns() );
		}
		Statement rendered = renderNew( rows, mode, byId );
		cache.put( shape, rendered );
		return rendered;
	}

	private Statement renderNew(BoundRows rows, Mode mode, boolean byId) {
		boolean single = rows.rows() == 1;
		boolean mayLeaveAlone = call.mayLeaveAlone() && !byId;
		List<ConflictPlan.KeyPart> match = byId ? plan.idKey : plan.key;
		if ( !single && !byId && !plan.keyInInput ) {
			throw new IllegalStateException( "bulk statement without the key in its input" );
		}
		if ( call.mayLeaveAlone() && !plan.keyInInput ) {
			// the conflicting row cannot be looked up by a key that is not given: it is whatever the default says
			throw new IllegalArgumentException( "The conflict target " + call.target + " of " + call.describe()
					+ " is not among the given values; give the target attributes so that a conflicting row can be found" );
		}
		List<Binding> bindings = new ArrayList<>( rows.bindings().size() + 8 );
		bindings.addAll( rows.bindings() );
		StringBuilder sql = new StringBuilder( 256 + rows.bindings().size() * 32 );
		input( sql, rows );
		sql.append( ", pgx_up AS (INSERT INTO " ).append( call.model.table ).append( " AS pgx_t (" );
		StringBuilder select = new StringBuilder();
		String separator = "";
		for ( Column column : plan.boundColumns ) {
			sql.append( separator ).append( column.quoted() );
			String transformer = call.model.writeTransformers.get( column.catalogName() );
			// @ColumnTransformer(write = "upper(?)"): the proposed value goes through it, as persist writes it
			select.append( separator ).append( transformer == null ? column.quoted()
					: transformer.replace( "?", column.quoted() ) );
			separator = ", ";
		}
		for ( String[] sqlColumn : plan.sqlColumns ) {
			sql.append( separator ).append( sqlColumn[0] );
			select.append( separator ).append( sqlColumn[1] );
			separator = ", ";
		}
		if ( separator.isEmpty() ) {
			throw new IllegalArgumentException( "Nothing to insert into " + call.describe() + ": give at least one attribute" );
		}
		sql.append( ") SELECT " ).append( select ).append( " FROM pgx_in ORDER BY pgx_ord ON CONFLICT " )
				.append( plan.conflictTarget );
		if ( update == null ) {
			sql.append( " DO NOTHING" );
		}
		else {
			sql.append( " DO UPDATE SET " );
			update.render( sql, bindings );
		}
		sql.append( " RETURNING " );
		payload( sql, mode, "pgx_t" );
		keyColumns( sql, "pgx_t", match );
		// a partitioned table returns no system column: see Partitioning
		sql.append( call.catalog.partitioning == null ? "(pgx_t.xmax = 0)"
				: call.catalog.partitioning.insertedExpression( "pgx_t" ) ).append( " AS pgx_inserted)" );
		if ( mayLeaveAlone ) {
			leftAloneLocked( sql, single );
		}
		int[] matchColumns = single ? null : byId ? idMatchColumns : keyMatchColumns;
		sql.append( " SELECT pgx_up.*, " );
		if ( single ) {
			sql.append( "1 AS pgx_ord FROM pgx_up" );
		}
		else if ( matchColumns != null ) {
			// matched by key in Java (ResultReader.read), where a written row that matches no input row is found too
			sql.append( "CAST(NULL AS bigint) AS pgx_ord FROM pgx_up" );
		}
		else {
			// LEFT JOIN: a written row that no input row's key matches (a trigger or rule changed its key) comes back
			// with a NULL pgx_ord, so the call cannot miss that it wrote it (see ConflictExecution.settleUnmatched)
			sql.append( "pgx_in.pgx_ord FROM pgx_up LEFT JOIN pgx_in ON " );
			joinOnKey( sql, "pgx_up", match );
		}
		if ( mayLeaveAlone ) {
			sql.append( " UNION ALL SELECT " );
			payload( sql, mode, LEFT_ALONE_ROW );
			keyColumns( sql, LEFT_ALONE_ROW, plan.key );
			sql.append( "CAST(NULL AS boolean), pgx_ex.pgx_ord FROM pgx_ex" );
		}
		if ( matchColumns == null ) {
			sql.append( " ORDER BY pgx_ord" );
		}
		return new Statement( sql.toString(), bindings, matchColumns == null ? null : match, matchColumns );
	}

	/** {@code WITH pgx_in (c1, c2, pgx_ord) AS (...)}: the proposed rows, typed by the table's own column types. */
	void input(StringBuilder sql, BoundRows rows) {
		// the proposed rows, typed by the table's own column types (see inputType)
		sql.append( "WITH pgx_in (" );
		for ( Column column : plan.boundColumns ) {
			sql.append( column.quoted() ).append( ", " );
		}
		if ( rows.copy() != null ) {
			// the rows COPY wrote into the temporary table (see CopyInput), in the chunk's order; each value cast to
			// its input type as the unnest path casts it, so that the rest of the statement sees the same values
			sql.append( "pgx_ord) AS (SELECT " );
			for ( int c = 0; c < plan.boundColumns.size(); c++ ) {
				sql.append( "CAST(" ).append( plan.boundColumns.get( c ).quoted() ).append( " AS " )
						.append( inputType( c ) ).append( "), " );
			}
			sql.append( "pgx_ord FROM pg_temp." ).append( CopyInput.TABLE );
		}
		else if ( rows.arrays() ) {
			// one array per column: a handful of bind parameters whatever the number of rows (see RowBinder.arrays)
			sql.append( "pgx_ord) AS (SELECT * FROM unnest(" );
			for ( int c = 0; c < plan.boundColumns.size(); c++ ) {
				sql.append( c == 0 ? "" : ", " ).append( "CAST(? AS " ).append( inputType( c ) ).append( "[])" );
			}
			sql.append( ") WITH ORDINALITY" );
		}
		else {
			sql.append( "pgx_ord) AS (VALUES " );
			for ( int r = 0; r < rows.rows(); r++ ) {
				sql.append( r == 0 ? "(" : ", (" );
				for ( int c = 0; c < plan.boundColumns.size(); c++ ) {
					sql.append( "CAST(? AS " ).append( inputType( c ) ).append( "), " );
				}
				sql.append( r + 1 ).append( ')' );
			}
		}
		sql.append( ')' );
	}

	/** The row a row left alone conflicted with, as {@code pgx_ex}'s whole-row column. */
	private static final String LEFT_ALONE_ROW = "(pgx_ex.pgx_row)";

	/**
	 * {@code pgx_ex}: the rows that rows left alone conflicted with, which {@code RETURNING} omits, locked
	 * {@code FOR SHARE} in input (key) order. Why locked: a plain read sees the statement's snapshot, taken before
	 * the statement waited for a concurrent transaction on a conflicting row; it would return a version that
	 * transaction has since replaced, or a row it has since deleted. A locking read waits for such a transaction and
	 * then reads the row's latest committed version (a deleted row, or one whose key changed, is not returned: the
	 * input row stays unmatched and is retried), and the lock keeps that version until the transaction ends.
	 * <p>
	 * The keys of the input go through a sub-select with names of their own ({@code pgx_q0...}), so that the
	 * partial index's predicate, as given, only sees the table's columns.
	 */
	private void leftAloneLocked(StringBuilder sql, boolean single) {
		sql.append( ", pgx_ex AS (SELECT pgx_e AS pgx_row, pgx_q.pgx_ord FROM (SELECT " );
		for ( int i = 0; i < plan.key.size(); i++ ) {
			sql.append( plan.key.get( i ).on( "pgx_in" ) ).append( " AS pgx_q" ).append( i ).append( ", " );
		}
		sql.append( "pgx_in.pgx_ord FROM pgx_in" );
		if ( single ) {
			sql.append( " WHERE NOT EXISTS (SELECT 1 FROM pgx_up)" );
		}
		else {
			// NOT IN, not NOT EXISTS: PostgreSQL runs it as a hashed subplan whatever the row estimates. A cached
			// generic plan estimates unnest(...) at 10 rows; made while the table was empty, it answered NOT EXISTS
			// with a nested loop over pgx_up, 25,000,000 comparisons for a chunk of 10,000 rows with 5,000 present
			// (1.2 s against 61 ms, BENCHMARKS.md). Keys of a multi-row chunk are never NULL (such rows run alone)
			// and pgx_up's are filtered, so NOT IN means NOT EXISTS here.
			sql.append( " WHERE " ).append( plan.key.size() > 1 ? "(" : "" );
			for ( int i = 0; i < plan.key.size(); i++ ) {
				sql.append( i > 0 ? ", " : "" ).append( plan.key.get( i ).on( "pgx_in" ) );
			}
			sql.append( plan.key.size() > 1 ? ")" : "" ).append( " NOT IN (SELECT " );
			for ( int i = 0; i < plan.key.size(); i++ ) {
				sql.append( i > 0 ? ", " : "" ).append( "pgx_k" ).append( i );
			}
			sql.append( " FROM pgx_up WHERE " );
			for ( int i = 0; i < plan.key.size(); i++ ) {
				sql.append( i > 0 ? " AND " : "" ).append( "pgx_k" ).append( i ).append( " IS NOT NULL" );
			}
			sql.append( ')' );
		}
		sql.append( ") pgx_q JOIN " ).append( call.model.table ).append( " pgx_e ON " );
		for ( int i = 0; i < plan.key.size(); i++ ) {
			sql.append( i > 0 ? " AND " : "" ).append( plan.key.get( i ).on( "pgx_e" ) ).append( " = pgx_q.pgx_q" )
					.append( i );
		}
		if ( call.target.indexPredicate() != null ) {
			sql.append( " WHERE (" ).append( call.target.indexPredicate() ).append( ')' );
		}
		// locks taken in key order, as the insert takes them (KeyOrder): no deadlock with a concurrent call
		sql.append( " ORDER BY pgx_q.pgx_ord FOR SHARE OF pgx_e)" );
	}

	/**
	 * {@code SELECT 1 FROM table WHERE key = row's key AND NOT (index predicate) LIMIT 1}: whether the row conflicted
	 * with a row outside the partial index the target names, i.e. PostgreSQL inferred another index (a plain unique
	 * index also satisfies the predicate).
	 */
	Statement keyOutsidePredicate(Object[] row) {
		StringBuilder sql = new StringBuilder( "SELECT 1 FROM " ).append( call.model.table ).append( " WHERE " );
		List<Binding> bindings = new ArrayList<>();
		for ( int i = 0; i < plan.key.size(); i++ ) {
			ConflictPlan.KeyPart part = plan.key.get( i );
			Object value = row[plan.keyColumnIndexes[i]];
			sql.append( part.expression( "" ) ).append( " = " );
			if ( part.hstoreKey() != null ) {
				sql.append( "CAST(? AS text)" );
				bindings.add( new Binding( value instanceof java.util.Map<?, ?> map ? map.get( part.hstoreKey() ) : null, null ) );
			}
			else {
				sql.append( "CAST(? AS " ).append( columnType( part.column() ) ).append( ')' );
				bindings.add( new Binding( value, part.column().bindType() ) );
			}
			sql.append( " AND " );
		}
		sql.append( "NOT (" ).append( call.target.indexPredicate() ).append( ") LIMIT 1" );
		return new Statement( sql.toString(), bindings );
	}

	/**
	 * The type a proposed value is cast to: a key column's full type, so that the key compares equal to the stored
	 * one when rows are matched back (numeric(10,2), timestamp(3)); any other column's type without its modifier,
	 * which the column applies itself on assignment, as it is now (a migration may have changed it since the
	 * catalog was read).
	 */
	private String inputType(int c) {
		Column column = plan.boundColumns.get( c );
		for ( int k : plan.keyColumnIndexes ) {
			if ( k == c ) {
				return columnType( column );
			}
		}
		return call.catalog.baseType( column.catalogName() );
	}

	private String columnType(Column column) {
		return call.catalog.columnType( column.catalogName() );
	}

	private void payload(StringBuilder sql, Mode mode, String alias) {
		switch ( mode ) {
			case ENTITIES -> sql.append( alias ).append( ".*, " );
			case IDS -> sql.append( alias ).append( '.' ).append( call.model.id.columns.get( 0 ).quoted() ).append( " AS pgx_id, " );
			case OUTCOMES -> {
			}
		}
	}

	private static void keyColumns(StringBuilder sql, String alias, List<ConflictPlan.KeyPart> key) {
		for ( int i = 0; i < key.size(); i++ ) {
			sql.append( key.get( i ).on( alias ) ).append( " AS pgx_k" ).append( i ).append( ", " );
		}
	}

	private static void joinOnKey(StringBuilder sql, String alias, List<ConflictPlan.KeyPart> key) {
		for ( int i = 0; i < key.size(); i++ ) {
			sql.append( i > 0 ? " AND " : "" ).append( alias ).append( ".pgx_k" ).append( i ).append( " = " )
					.append( key.get( i ).on( "pgx_in" ) );
		}
	}
}

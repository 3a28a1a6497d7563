package io.pgextra.hibernate.internal.conflict;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.internal.conflict.ConflictExecution.RowResult;
import io.pgextra.hibernate.internal.conflict.RowBinder.BoundRows;

import org.hibernate.FlushMode;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;

import jakarta.persistence.PersistenceException;

/**
 * A partitioned table ({@code pg_class.relkind = 'p'}) as a conflict insert sees it.
 * <p>
 * PostgreSQL does not return system columns from a partitioned parent ("cannot retrieve a system column in this
 * context"), so the {@code (xmax = 0)} that tells an inserted row from an updated one on an ordinary table cannot be
 * returned. Instead:
 * <ul>
 * <li>PostgreSQL 18 and later: {@code RETURNING (old.<a NOT NULL column> IS NULL)}; {@code old} is the conflicting
 * row as it was before the update, all NULL for an inserted row. Exact, in the same statement.</li>
 * <li>PostgreSQL 14 to 17: the statement returns every written row as inserted, then one follow-up {@code SELECT}
 * per statement reads {@code xmax} of those rows by conflict key ({@link #resolve}): a plain {@code SELECT} may read
 * system columns of a partitioned table. It reads what {@code RETURNING} would have read, as the written rows are
 * locked by this transaction until it ends: an inserted row version has {@code xmax = 0}, the version an
 * {@code ON CONFLICT DO UPDATE} wrote carries this transaction's lock. A row whose conflict key has a NULL part
 * (it runs alone, and under {@code NULLS DISTINCT} cannot conflict) is not found by key and stays inserted.</li>
 * </ul>
 * Ordinary tables keep their one statement with {@code xmax = 0}; this class is only used for partitioned ones.
 */
final class Partitioning {

	private static final String SQL = """
			SELECT pg_catalog.pg_get_partkeydef(c.oid),
			       ARRAY(SELECT a.attname::text
			             FROM unnest(p.partattrs::int2[]) AS k(attnum)
			             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum),
			       (SELECT a.attname FROM pg_catalog.pg_attribute a
			        WHERE a.attrelid = c.oid AND a.attnum > 0 AND a.attnotnull AND NOT a.attisdropped
			        ORDER BY a.attnum LIMIT 1),
			       current_setting('server_version_num')::int / 10000
			FROM pg_catalog.pg_class c JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = c.oid
			WHERE c.oid = pg_catalog.to_regclass(?) AND c.relkind = 'p'""";

	/** As PostgreSQL shows it, e.g. {@code LIST (tenant)}. */
	final String keyDefinition;
	/** The partition key's plain columns (an expression part is left out). */
	final List<String> keyColumns;
	/** A NOT NULL column for {@code old.<column> IS NULL}, on PostgreSQL 18 and later; {@code null} otherwise. */
	private final String oldColumn;

	private Partitioning(String keyDefinition, List<String> keyColumns, String oldColumn) {
		this.keyDefinition = keyDefinition;
		this.keyColumns = keyColumns;
		this.oldColumn = oldColumn;
	}

	/** @return the table's partitioning, or {@code null} when it is not a partitioned table */
	static Partitioning load(Connection connection, String table) throws SQLException {
		try ( PreparedStatement ps = connection.prepareStatement( SQL ) ) {
			ps.setString( 1, table );
			try ( ResultSet rs = ps.executeQuery() ) {
				if ( !rs.next() ) {
					return null;
				}
				Array columns = rs.getArray( 2 );
				String notNull = rs.getString( 3 );
				return new Partitioning( rs.getString( 1 ), List.copyOf( Arrays.asList( (String[]) columns.getArray() ) ),
						rs.getInt( 4 ) >= 18 ? notNull : null );
			}
		}
	}

	/** Whether outcomes need {@link #resolve} after each statement (PostgreSQL before 18). */
	boolean resolvesAfterwards() {
		return oldColumn == null;
	}

	/** The {@code RETURNING} expression of {@code pgx_inserted} for the table aliased {@code alias}. */
	String insertedExpression(String alias) {
		// before 18: "written"; resolve() tells updated rows apart
		return oldColumn == null ? "true" : "(old." + Identifiers.quoteExact( oldColumn ) + " IS NULL)";
	}

	/**
	 * Tells the updated rows among those a statement returned as inserted, by reading their {@code xmax} in the
	 * same transaction (PostgreSQL before 18).
	 */
	@SuppressWarnings({ "rawtypes", "unchecked", "deprecation" })
	static void resolve(ConflictCall call, ConflictPlan plan, StatementRenderer renderer, BoundRows bound,
			List<Integer> chunk, RowResult[] results) {
		List<Integer> written = new ArrayList<>();
		for ( int ord = 1; ord <= chunk.size(); ord++ ) {
			RowResult result = results[chunk.get( ord - 1 )];
			if ( result != null && result.outcome() == RowOutcome.INSERTED ) {
				written.add( ord );
			}
		}
		if ( written.isEmpty() || !plan.keyInInput ) {
			return;
		}
		StringBuilder sql = new StringBuilder( 256 );
		renderer.input( sql, bound );
		sql.append( " SELECT pgx_in.pgx_ord, (pgx_ex.pgx_xmax = 0) AS pgx_inserted FROM pgx_in JOIN (SELECT xmax AS"
				+ " pgx_xmax, * FROM " ).append( call.model.table );
		if ( call.target.indexPredicate() != null ) {
			sql.append( " WHERE " ).append( call.target.indexPredicate() );
		}
		sql.append( ") pgx_ex ON " );
		for ( int i = 0; i < plan.key.size(); i++ ) {
			sql.append( i > 0 ? " AND " : "" ).append( plan.key.get( i ).on( "pgx_ex" ) ).append( " = " )
					.append( plan.key.get( i ).on( "pgx_in" ) );
		}
		NativeQuery<?> query = call.session.createNativeQuery( sql.toString() );
		// nothing to flush: the statement before it just ran with the same session state
		query.setHibernateFlushMode( FlushMode.MANUAL );
		query.addScalar( "pgx_ord", StandardBasicTypes.INTEGER );
		query.addScalar( "pgx_inserted", StandardBasicTypes.BOOLEAN );
		List<ConflictCall.Binding> bindings = bound.bindings();
		for ( int i = 0; i < bindings.size(); i++ ) {
			ConflictCall.Binding binding = bindings.get( i );
			if ( binding.type() == null ) {
				query.setParameter( i + 1, binding.value() );
			}
			else {
				query.setParameter( i + 1, binding.value(), (BasicType) binding.type() );
			}
		}
		for ( Object row : query.getResultList() ) {
			Object[] columns = (Object[]) row;
			int ord = ( (Number) columns[0] ).intValue();
			int index = chunk.get( ord - 1 );
			RowResult result = results[index];
			if ( Boolean.FALSE.equals( columns[1] ) && result != null && result.outcome() == RowOutcome.INSERTED ) {
				results[index] = new RowResult( result.id(), RowOutcome.UPDATED, result.entity() );
			}
		}
	}

	/**
	 * Refuses, before any statement, a call whose outcome could not be read back exactly on PostgreSQL before 18:
	 * a conflict key filled in by the database (not among the given values) cannot be looked up.
	 */
	void check(ConflictCall call, ConflictPlan plan) {
		if ( resolvesAfterwards() && !plan.keyInInput ) {
			throw new IllegalArgumentException( "The conflict target " + call.target + " of " + call.describe()
					+ " is not among the given values, and table " + call.model.table + " is partitioned ("
					+ keyDefinition + "): before PostgreSQL 18 the library reads back whether a row was inserted or"
					+ " updated by its conflict key. Give the target attributes " + plan.key + " in the values" );
		}
	}

	/**
	 * @return the error of a failed statement on a partitioned table in the call's words, or {@code null} when it
	 * is not one this class explains
	 */
	RuntimeException translate(ConflictCall call, ConflictPlan plan, String sqlState, RuntimeException e) {
		if ( "0A000".equals( sqlState ) && String.valueOf( rootMessage( e ) ).contains( "ON UPDATE" ) ) {
			call.session.markForRollbackOnly();
			return new PersistenceException( "The update of a conflicting row of " + call.describe()
					+ " would move it to another partition of table " + call.model.table + " (partitioned by "
					+ keyDefinition + "), which PostgreSQL refuses in INSERT ... ON CONFLICT DO UPDATE. Hint: do not"
					+ " change the partition key columns " + keyColumns + " in set(...); to move a row, delete it and"
					+ " insert it again", e );
		}
		return null;
	}

	/**
	 * What {@link ConflictCall#noMatchingIndex} adds for a partitioned table, whether the target was refused before
	 * the statement (from the catalog) or by PostgreSQL (42P10).
	 */
	String noMatchingIndexReason(ConflictCall call, List<ConflictPlan.KeyPart> key) {
		return " The unique indexes of a partitioned table must include its partition key " + keyColumns + " ("
				+ keyDefinition + "): a target naming exactly the columns of one of them" + primaryKeyHint( call, key )
				+ ".";
	}

	/** For {@code primaryKey()} when the table's key is not the {@code @Id}: name the real one. */
	private static String primaryKeyHint(ConflictCall call, List<ConflictPlan.KeyPart> key) {
		TableCatalog.UniqueIndex primaryKey = call.catalog.primaryKey();
		if ( !call.target.isPrimaryKey() || primaryKey == null ) {
			return "";
		}
		List<String> idColumns = new ArrayList<>();
		for ( ConflictPlan.KeyPart part : key ) {
			idColumns.add( part.column().catalogName() );
		}
		if ( idColumns.equals( primaryKey.columns() ) ) {
			return "";
		}
		return "; primaryKey() names the identifier's columns " + idColumns + ", but the table's primary key is "
				+ primaryKey.columns() + ( primaryKey.constraintName() == null ? ""
						: ": use ConflictTarget.constraint(\"" + primaryKey.constraintName() + "\")" )
				+ " or the attributes of " + primaryKey.columns();
	}

	private static String rootMessage(Throwable e) {
		Throwable t = e;
		while ( t.getCause() != null && t.getCause() != t ) {
			t = t.getCause();
		}
		return t.getMessage();
	}
}

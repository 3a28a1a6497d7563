package io.pgextra.hibernate.internal.conflict;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgextra.hibernate.internal.SchemaUpdateHint;

import org.hibernate.engine.spi.SharedSessionContractImplementor;

import jakarta.persistence.PersistenceException;

/**
 * Facts of one table read from PostgreSQL's catalog once per session factory: column types (for the casts that
 * type the proposed rows) and unique indexes (for {@code ON CONSTRAINT} targets and error messages). The database
 * is the truth here: a table created by Flyway may differ from what Hibernate would have generated.
 */
final class TableCatalog {

	/** A unique index; {@code columns} holds {@code null} for an expression. */
	record UniqueIndex(String name, String definition, String constraintName, boolean primary, List<String> columns,
			String predicate, boolean nullsNotDistinct) {
		@Override
		public String toString() {
			return ( constraintName != null ? "constraint \"" + constraintName + "\": " : "" ) + definition;
		}
	}

	/*
	 * The cast type of a column: with its type modifier, so that a value is rounded exactly as the column stores
	 * it (numeric(10,2), timestamp(3)) and a key compares equal to the stored one; except for the length of
	 * character and bit strings, since an explicit cast to varchar(n) or char(n) silently truncates where an
	 * INSERT raises "value too long" (and format_type(bpchar, NULL) says "character", which is char(1)).
	 */
	private static final String COLUMNS_SQL = """
			SELECT a.attname,
			       format_type(a.atttypid,
			                   CASE WHEN a.atttypid IN ('bpchar'::regtype, 'varchar'::regtype, 'bit'::regtype,
			                                            'varbit'::regtype, '_bpchar'::regtype, '_varchar'::regtype,
			                                            '_bit'::regtype, '_varbit'::regtype)
			                        THEN -1 ELSE a.atttypmod END),
			       format_type(a.atttypid, -1),
			       a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'int2'::regtype, 'int4'::regtype,
			                      'int8'::regtype, 'uuid'::regtype)
			       AND NOT EXISTS (SELECT 1 FROM pg_collation co WHERE co.oid = a.attcollation
			                       AND NOT co.collisdeterministic)
			       AND NOT EXISTS (SELECT 1 FROM pg_index i
			                       JOIN pg_collation co ON co.oid = ANY (i.indcollation::oid[])
			                       WHERE i.indrelid = a.attrelid AND NOT co.collisdeterministic)
			FROM pg_attribute a
			WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped""";

	private static final String INDEXES_SQL = """
			SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname, i.indisprimary,
			       ARRAY(SELECT a.attname::text
			             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
			             LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
			             WHERE k.n <= i.indnkeyatts -- key columns only, not INCLUDE (...) ones
			             ORDER BY k.n),
			       pg_get_expr(i.indpred, i.indrelid),
			       coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)
			FROM pg_index i
			LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
			WHERE i.indrelid = to_regclass(?) AND i.indisunique
			ORDER BY i.indisprimary DESC, 1""";

	final String table;
	final Map<String, String> columnTypes;
	/** Column types without their modifier: numeric, not numeric(10,2). */
	final Map<String, String> baseTypes;
	final List<UniqueIndex> uniqueIndexes;
	/**
	 * Columns whose values PostgreSQL compares exactly as Java compares the values read back: text, varchar (with
	 * deterministic collations only, in the column and in every index of the table), smallint, integer, bigint and
	 * uuid. A key of such columns can be matched to the input in Java; anything else (numeric's scale, citext,
	 * char(n)'s padding, a case-insensitive collation) is matched by the database.
	 */
	final Set<String> exactlyCompared;
	/** {@code null} for a table that is not partitioned ({@code relkind <> 'p'}); see {@link Partitioning}. */
	final Partitioning partitioning;

	private TableCatalog(String table, Map<String, String> columnTypes, Map<String, String> baseTypes,
			List<UniqueIndex> uniqueIndexes, Set<String> exactlyCompared, Partitioning partitioning) {
		this.table = table;
		this.exactlyCompared = exactlyCompared;
		this.columnTypes = columnTypes;
		this.baseTypes = baseTypes;
		this.uniqueIndexes = uniqueIndexes;
		this.partitioning = partitioning;
	}

	String columnType(String catalogColumn) {
		String type = columnTypes.get( catalogColumn );
		if ( type == null ) {
			throw new PersistenceException( "Column \"" + catalogColumn + "\" of table " + table
					+ " is mapped but does not exist in the database; columns there: " + columnTypes.keySet()
					+ ". Update the schema: " + SchemaUpdateHint.UPDATE + ", or run a migration" );
		}
		return type;
	}

	/**
	 * The column's type without its modifier ({@code numeric}, {@code timestamp without time zone}): a value cast to
	 * it keeps its precision, and the column rounds it on assignment with the modifier it has <em>now</em>, which a
	 * cached modifier could not know after a migration.
	 */
	String baseType(String catalogColumn) {
		columnType( catalogColumn ); // the same error for a column that does not exist
		return baseTypes.get( catalogColumn );
	}

	/**
	 * @param name the name as given: exact first, then folded to lower case as PostgreSQL folds an unquoted name
	 * (Hibernate creates constraint names unquoted, so {@code "UK_Order"} in a mapping is {@code uk_order} here)
	 */
	UniqueIndex constraint(String name) {
		for ( String candidate : new String[] { name, Identifiers.catalogName( name ) } ) {
			for ( UniqueIndex index : uniqueIndexes ) {
				if ( candidate.equals( index.constraintName ) ) {
					return index;
				}
			}
		}
		return null;
	}

	/** @return whether a unique index treats NULLs as equal (PostgreSQL 15's NULLS NOT DISTINCT; the column is read as JSON, so older servers say no) */
	boolean anyNullsNotDistinct() {
		for ( UniqueIndex index : uniqueIndexes ) {
			if ( index.nullsNotDistinct() ) {
				return true;
			}
		}
		return false;
	}

	UniqueIndex primaryKey() {
		for ( UniqueIndex index : uniqueIndexes ) {
			if ( index.primary ) {
				return index;
			}
		}
		return null;
	}

	String describeUniqueIndexes() {
		if ( uniqueIndexes.isEmpty() ) {
			return "the table has no unique constraint or index";
		}
		StringBuilder sb = new StringBuilder( "its unique constraints and indexes: " );
		for ( int i = 0; i < uniqueIndexes.size(); i++ ) {
			if ( i > 0 ) {
				sb.append( "; " );
			}
			sb.append( uniqueIndexes.get( i ) );
		}
		return sb.toString();
	}

	static TableCatalog load(SharedSessionContractImplementor session, String table) {
		return session.doReturningWork( connection -> load( connection, table ) );
	}

	private static TableCatalog load(Connection connection, String table) throws SQLException {
		Map<String, String> columns = new HashMap<>();
		Map<String, String> baseTypes = new HashMap<>();
		Set<String> exactlyCompared = new HashSet<>();
		try ( PreparedStatement ps = connection.prepareStatement( COLUMNS_SQL ) ) {
			ps.setString( 1, table );
			try ( ResultSet rs = ps.executeQuery() ) {
				while ( rs.next() ) {
					columns.put( rs.getString( 1 ), rs.getString( 2 ) );
					baseTypes.put( rs.getString( 1 ), rs.getString( 3 ) );
					if ( rs.getBoolean( 4 ) ) {
						exactlyCompared.add( rs.getString( 1 ) );
					}
				}
			}
		}
		if ( columns.isEmpty() ) {
			throw new PersistenceException( "Table " + table + " does not exist in the database (search_path: "
					+ searchPath( connection ) + "); create the schema first" );
		}
		List<UniqueIndex> indexes = new ArrayList<>();
		try ( PreparedStatement ps = connection.prepareStatement( INDEXES_SQL ) ) {
			ps.setString( 1, table );
			try ( ResultSet rs = ps.executeQuery() ) {
				while ( rs.next() ) {
					Array array = rs.getArray( 5 );
					List<String> indexColumns = Arrays.asList( (String[]) array.getArray() );
					indexes.add( new UniqueIndex( rs.getString( 1 ), rs.getString( 2 ), rs.getString( 3 ),
							rs.getBoolean( 4 ), indexColumns, rs.getString( 6 ), rs.getBoolean( 7 ) ) );
				}
			}
		}
		return new TableCatalog( table, Map.copyOf( columns ), Map.copyOf( baseTypes ), List.copyOf( indexes ),
				Set.copyOf( exactlyCompared ), Partitioning.load( connection, table ) );
	}

	private static String searchPath(Connection connection) throws SQLException {
		try ( PreparedStatement ps = connection.prepareStatement( "SHOW search_path" );
				ResultSet rs = ps.executeQuery() ) {
			return rs.next() ? rs.getString( 1 ) : "?";
		}
	}
}

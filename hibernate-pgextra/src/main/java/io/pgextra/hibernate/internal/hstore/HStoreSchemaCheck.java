package io.pgextra.hibernate.internal.hstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgextra.hibernate.internal.SchemaUpdateHint;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.AuxiliaryDatabaseObject;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.boot.model.relational.internal.SqlStringGenerationContextImpl;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.hibernate.tool.schema.internal.HibernateSchemaManagementTool;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.hibernate.tool.schema.spi.SchemaManagementException;

/**
 * Compares the hstore constraints of the mapping with PostgreSQL's catalog ({@code pg_index}, {@code pg_constraint}):
 * each must exist under its name, on its table, with the expected shape (a valid, unique, non-partial index over as
 * many expressions as keys; a validated {@code CHECK} constraint).
 * <p>
 * Hibernate's validator does not look at auxiliary database objects, and compares indexes (when asked to) by column
 * names, which an expression index has none of; hence a check of our own. Expressions are not compared as text:
 * PostgreSQL's rendering of them varies with settings and versions, while a name already says which keys it covers,
 * since it is derived from them (a changed declaration gets a new name, reported missing).
 */
final class HStoreSchemaCheck {

	private static final String INDEX_SQL = """
			SELECT i.indisunique, i.indisvalid, i.indpred IS NULL, i.indnkeyatts,
			       ARRAY(SELECT a.attname::text
			             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
			             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
			             ORDER BY k.n),
			       pg_catalog.pg_get_indexdef(i.indexrelid)
			FROM pg_catalog.pg_index i
			JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
			WHERE i.indrelid = pg_catalog.to_regclass(?) AND c.relname = ?""";

	private static final String CHECK_SQL = """
			SELECT c.contype, c.convalidated, pg_catalog.pg_get_constraintdef(c.oid)
			FROM pg_catalog.pg_constraint c
			WHERE c.conrelid = pg_catalog.to_regclass(?) AND c.conname = ?""";

	private static final String TABLE_SQL = "SELECT pg_catalog.to_regclass(?) IS NOT NULL";

	private static final String PARTITION_KEY_SQL = """
			SELECT pg_catalog.pg_get_partkeydef(p.partrelid),
			       ARRAY(SELECT a.attname::text FROM unnest(p.partattrs::int2[]) AS k(attnum)
			             JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = k.attnum),
			       0 <> ALL (p.partattrs::int2[])
			FROM pg_catalog.pg_partitioned_table p
			WHERE p.partrelid = pg_catalog.to_regclass(?)""";

	private HStoreSchemaCheck() {
	}

	/** @return the hstore constraints of the mapping */
	static List<HStoreConstraint> constraints(Metadata metadata) {
		List<HStoreConstraint> constraints = new ArrayList<>();
		for ( AuxiliaryDatabaseObject object : metadata.getDatabase().getAuxiliaryDatabaseObjects() ) {
			if ( object instanceof HStoreConstraint constraint ) {
				constraints.add( constraint );
			}
		}
		return constraints;
	}

	/**
	 * @param missingHint what to do about a missing index or constraint, followed by the statement that adds it
	 * @return what is missing or different, one sentence each with the statement that fixes it; empty when all is
	 * in place, or when there is nothing to check
	 */
	static List<String> problems(HibernateSchemaManagementTool tool, JdbcEnvironment jdbcEnvironment, Metadata metadata,
			Map<String, Object> settings, SchemaFilter filter, String missingHint) {
		List<HStoreConstraint> constraints = new ArrayList<>();
		for ( HStoreConstraint constraint : constraints( metadata ) ) {
			if ( filter.includeTable( constraint.table() ) ) {
				constraints.add( constraint );
			}
		}
		if ( constraints.isEmpty() || !( jdbcEnvironment.getDialect() instanceof PostgreSQLDialect ) ) {
			return List.of();
		}
		SqlStringGenerationContext context = SqlStringGenerationContextImpl.fromConfigurationMap( jdbcEnvironment,
				metadata.getDatabase(), settings );
		// released explicitly: DdlTransactionIsolator is AutoCloseable only since Hibernate 7.2
		var isolator = tool.getDdlTransactionIsolator( tool.resolveJdbcContext( settings ) );
		try {
			Connection connection = isolator.getIsolatedConnection();
			List<String> problems = new ArrayList<>();
			for ( HStoreConstraint constraint : constraints ) {
				String problem = check( connection, context, constraint, missingHint );
				if ( problem != null ) {
					problems.add( problem );
				}
			}
			return problems;
		}
		catch (SQLException e) {
			throw new SchemaManagementException( "Could not read the hstore indexes and check constraints from the"
					+ " catalog: " + e.getMessage(), e );
		}
		finally {
			isolator.release();
		}
	}

	private static String check(Connection connection, SqlStringGenerationContext context, HStoreConstraint constraint,
			String missingHint) throws SQLException {
		String table = context.format( constraint.table().getQualifiedTableName() );
		String fix = constraint.createStatement( context, false );
		String subject = constraint.what() + " \"" + constraint.name() + "\" on table " + table + " for "
				+ constraint.declaration();
		if ( !exists( connection, TABLE_SQL, table, null ) ) {
			return "table " + table + " does not exist, so neither does the " + subject
					+ "; create the schema first: " + SchemaUpdateHint.UPDATE + ", or run a migration";
		}
		if ( constraint.kind() == HStoreConstraint.Kind.UNIQUE ) {
			refuseOnPartitionedTable( connection, table, subject, constraint );
			try ( PreparedStatement ps = connection.prepareStatement( INDEX_SQL ) ) {
				ps.setString( 1, table );
				ps.setString( 2, constraint.name() );
				try ( ResultSet rs = ps.executeQuery() ) {
					if ( !rs.next() ) {
						return "missing " + subject + "; " + missingHint + fix;
					}
					// the plain columns first, then one expression (attnum 0, no name) per key
					List<String> expected = new ArrayList<>( constraint.columns() );
					expected.addAll( Collections.nCopies( constraint.keys().size(), null ) );
					boolean matches = rs.getBoolean( 1 ) && rs.getBoolean( 2 ) && rs.getBoolean( 3 )
							&& rs.getInt( 4 ) == expected.size()
							&& Arrays.asList( (String[]) rs.getArray( 5 ).getArray() ).equals( expected );
					if ( !matches ) {
						return subject + " is not the expected valid, unique, non-partial index over "
								+ ( constraint.columns().isEmpty() ? "" : "the columns " + constraint.columns() + " and " )
								+ constraint.keys().size() + " hstore key expression(s): found " + rs.getString( 6 )
								+ "; drop it and " + SchemaUpdateHint.UPDATE + ", or recreate it: " + fix;
					}
				}
			}
			return null;
		}
		try ( PreparedStatement ps = connection.prepareStatement( CHECK_SQL ) ) {
			ps.setString( 1, table );
			ps.setString( 2, constraint.name() );
			try ( ResultSet rs = ps.executeQuery() ) {
				if ( !rs.next() ) {
					return "missing " + subject + "; " + missingHint + fix;
				}
				if ( !"c".equals( rs.getString( 1 ) ) ) {
					return subject + " is not a check constraint: found " + rs.getString( 3 )
							+ "; drop it and " + SchemaUpdateHint.UPDATE + ", or add it: " + fix;
				}
				if ( !rs.getBoolean( 2 ) ) {
					return subject + " is NOT VALID: rows written before it was added may lack the key; fix them,"
							+ " then: alter table " + table + " validate constraint " + HStoreSql.quote( constraint.name() );
				}
			}
		}
		return null;
	}

	/**
	 * PostgreSQL requires every unique index of a partitioned table to include all its partition key columns, which an
	 * index over hstore keys alone never does: such a declaration can never hold, so the schema tool fails (rather
	 * than warn that rows may violate it, or propose a statement PostgreSQL refuses).
	 */
	private static void refuseOnPartitionedTable(Connection connection, String table, String subject,
			HStoreConstraint constraint) throws SQLException {
		try ( PreparedStatement ps = connection.prepareStatement( PARTITION_KEY_SQL ) ) {
			ps.setString( 1, table );
			try ( ResultSet rs = ps.executeQuery() ) {
				if ( !rs.next() ) {
					return;
				}
				List<String> columns = Arrays.asList( (String[]) rs.getArray( 2 ).getArray() );
				if ( rs.getBoolean( 3 ) && constraint.columns().containsAll( columns ) ) {
					return;
				}
				Set<String> needed = new LinkedHashSet<>( columns );
				needed.addAll( constraint.columns() );
				throw new SchemaManagementException( "The " + subject + " cannot exist: table " + table
						+ " is partitioned (" + rs.getString( 1 ) + "), and PostgreSQL requires every unique index of a"
						+ " partitioned table to include all its partition key columns " + columns + ", which "
						+ ( constraint.columns().isEmpty() ? "an index over hstore keys alone does not"
								: "the columns " + constraint.columns() + " do not" )
						+ ( rs.getBoolean( 3 ) ? ". Hint: include them, e.g. @HStoreUnique(value = "
								+ quotedList( constraint.keys() ) + ", columns = " + quotedList( List.copyOf( needed ) )
								+ "), which makes the keys unique per partition key value"
								: " (its partition key has an expression, which no unique index can include). Hint:"
										+ " remove the annotation" ) );
			}
		}
	}

	private static String quotedList(List<String> names) {
		StringBuilder sb = new StringBuilder( "{" );
		for ( int i = 0; i < names.size(); i++ ) {
			sb.append( i > 0 ? ", \"" : "\"" ).append( names.get( i ) ).append( '"' );
		}
		return sb.append( '}' ).toString();
	}

	private static boolean exists(Connection connection, String sql, String first, String second) throws SQLException {
		try ( PreparedStatement ps = connection.prepareStatement( sql ) ) {
			ps.setString( 1, first );
			if ( second != null ) {
				ps.setString( 2, second );
			}
			try ( ResultSet rs = ps.executeQuery() ) {
				return rs.next() && rs.getBoolean( 1 );
			}
		}
	}
}

package io.pgextra.hibernate.internal.conflict;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.pgextra.hibernate.internal.conflict.ConflictCall.Binding;
import io.pgextra.hibernate.internal.conflict.StatementRenderer.Statement;

import org.hibernate.HibernateException;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.jpa.LegacySpecHints;
import org.hibernate.jpa.SpecHints;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;

/**
 * One statement whose result is plain values (an id or nothing, the key, {@code pgx_inserted}, {@code pgx_ord}), run
 * through Hibernate's JDBC layer without a native query around it. What the native query did is done here the same
 * way: the session is checked and joins the transaction, the first statement of a call flushes, the SQL goes through
 * the {@code StatementInspector} and the SQL log, the statement counts in the statistics, a {@code
 * jakarta.persistence.query.timeout} hint applies, and an error is converted by Hibernate (SQL state, constraint
 * name) and then as the {@code EntityManager} converts it (JPA exception types, marked for rollback).
 */
final class DirectStatement {

	private final SessionImplementor session;
	private final Statement statement;
	/** The id's mapping, or {@code null} when the statement returns no id. */
	private final JdbcMapping id;

	DirectStatement(SessionImplementor session, Statement statement, JdbcMapping id) {
		this.session = session;
		this.statement = statement;
		this.id = id;
	}

	/** @return whether every bind parameter has a known type (the few without one go through a native query) */
	static boolean canRun(Statement statement) {
		for ( Binding binding : statement.bindings() ) {
			if ( binding.type() == null ) {
				return false;
			}
		}
		return true;
	}

	/** @return the result rows, each an {@code Object[]} laid out as the native query's scalars were */
	List<Object[]> run(boolean flush) {
		Integer timeout;
		try {
			// read where the native query was created, before anything ran
			timeout = queryTimeoutSeconds();
		}
		catch (RuntimeException e) {
			// a hint that is not a number: marked for rollback, as the native query's creation did
			throw session.getExceptionConverter().convert( e );
		}
		// outside the try, as the native query's beforeQuery: a closed session fails here, and nothing runs after it
		session.prepareForQueryExecution( false );
		boolean success = false;
		try {
			if ( flush && session.isTransactionInProgress() ) {
				session.flush();
			}
			List<Object[]> rows = execute( timeout );
			success = true;
			return rows;
		}
		catch (HibernateException e) {
			throw session.getExceptionConverter().convert( e );
		}
		finally {
			if ( !session.isTransactionInProgress() ) {
				session.getJdbcCoordinator().getLogicalConnection().afterTransaction();
			}
			session.afterOperation( success );
		}
	}

	private List<Object[]> execute(Integer timeout) {
		JdbcCoordinator jdbc = session.getJdbcCoordinator();
		// the comment Hibernate gives a native query under hibernate.use_sql_comments, so that logs and
		// pg_stat_statements see the statement as before
		String sql = session.getFactory().getSessionFactoryOptions().isCommentsEnabled()
				? "/* dynamic native SQL query */ " + statement.sql() : statement.sql();
		// a query statement, as the native query's: registered for Session#cancelQuery, the JDBC fetch size applied,
		// and a pending JDBC batch left for the flush or the commit (prepareStatement would execute it first)
		PreparedStatement ps = jdbc.getStatementPreparer().prepareQueryStatement( sql, false, null );
		try {
			List<Binding> bindings = statement.bindings();
			for ( int i = 0; i < bindings.size(); i++ ) {
				bind( ps, i + 1, bindings.get( i ) );
			}
			if ( timeout != null ) {
				// as Hibernate applies a query's timeout: 0 and negative values too (the driver refuses the latter)
				ps.setQueryTimeout( timeout );
			}
			ResultSet rs = jdbc.getResultSetReturn().extract( ps, sql );
			try {
				return read( rs );
			}
			finally {
				jdbc.getLogicalConnection().getResourceRegistry().release( rs, ps );
			}
		}
		catch (SQLException e) {
			throw session.getJdbcServices().getSqlExceptionHelper().convert( e, "JDBC exception executing SQL", sql );
		}
		finally {
			jdbc.getLogicalConnection().getResourceRegistry().release( ps );
			jdbc.afterStatementExecution();
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void bind(PreparedStatement ps, int index, Binding binding) throws SQLException {
		// the types of these bindings carry no converter (TableModel.Column#bindType): the value is the JDBC value
		( (ValueBinder) binding.type().getJdbcValueBinder() ).bind( ps, binding.value(), index, session );
	}

	private List<Object[]> read(ResultSet rs) throws SQLException {
		List<ConflictPlan.KeyPart> key = statement.matchKey();
		int keyParts = key == null ? 0 : key.size();
		int width = ( id == null ? 0 : 1 ) + keyParts + 2;
		List<Object[]> rows = new ArrayList<>();
		int idColumn = 0;
		int[] keyColumns = new int[keyParts];
		int insertedColumn = 0;
		int ordColumn = 0;
		ValueExtractor<?> idExtractor = id == null ? null : id.getJdbcValueExtractor();
		ValueExtractor<?>[] keyExtractors = new ValueExtractor<?>[keyParts];
		boolean first = true;
		while ( rs.next() ) {
			if ( first ) {
				// by label, as the native query's scalars were read
				idColumn = id == null ? 0 : rs.findColumn( "pgx_id" );
				for ( int k = 0; k < keyParts; k++ ) {
					keyColumns[k] = rs.findColumn( "pgx_k" + k );
					keyExtractors[k] = key.get( k ).column().bindType().getJdbcValueExtractor();
				}
				insertedColumn = rs.findColumn( "pgx_inserted" );
				ordColumn = rs.findColumn( "pgx_ord" );
				first = false;
			}
			Object[] row = new Object[width];
			int c = 0;
			if ( id != null ) {
				row[c++] = id.convertToDomainValue( idExtractor.extract( rs, idColumn, session ) );
			}
			for ( int k = 0; k < keyParts; k++ ) {
				row[c++] = keyExtractors[k].extract( rs, keyColumns[k], session );
			}
			boolean inserted = rs.getBoolean( insertedColumn );
			row[c++] = rs.wasNull() ? null : inserted;
			int ord = rs.getInt( ordColumn );
			row[c] = rs.wasNull() ? null : ord;
			rows.add( row );
		}
		return rows;
	}

	/**
	 * The session's (or factory's) {@code jakarta.persistence.query.timeout} hint in seconds, read and rounded as
	 * Hibernate reads it for a query it creates ({@code LegacySpecHelper.getInteger}, then milliseconds / 1000
	 * rounded); {@code null}: no hint.
	 */
	private Integer queryTimeoutSeconds() {
		var properties = session.getProperties();
		Object hint = properties.get( SpecHints.HINT_SPEC_QUERY_TIMEOUT );
		if ( hint == null ) {
			hint = properties.get( LegacySpecHints.HINT_JAVAEE_QUERY_TIMEOUT );
		}
		if ( hint == null ) {
			return null;
		}
		int millis = hint instanceof Integer integer ? integer : Integer.valueOf( hint.toString() );
		return (int) Math.round( millis / 1000.0 );
	}
}

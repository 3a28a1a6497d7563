package io.pgextra.hibernate.internal.conflict;

import java.sql.SQLException;
import java.util.List;

import io.pgextra.hibernate.DuplicateConflictKeyException;
import io.pgextra.hibernate.internal.conflict.ConflictCall.Binding;
import io.pgextra.hibernate.internal.conflict.ConflictExecution.Mode;
import io.pgextra.hibernate.internal.conflict.StatementRenderer.Statement;

import org.hibernate.FlushMode;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;

/**
 * The execute stage: runs a statement through Hibernate (a native query, so SQL logging, statistics, exception
 * conversion and entity hydration are Hibernate's own) and turns the errors the call can explain into its own.
 */
final class StatementRunner {

	private final ConflictCall call;
	private final ConflictPlan plan;
	/** Statements this call has run so far. */
	private int statements;

	StatementRunner(ConflictCall call, ConflictPlan plan) {
		this.call = call;
		this.plan = plan;
	}

	/** @return the result rows: the payload (entity, id or nothing), then the key ({@link Statement#matchKey}), {@code pgx_inserted} and {@code pgx_ord} */
	List<?> run(Statement statement, Mode mode) {
		// Hibernate auto-flushes a native query only in a JPA-bootstrapped factory: the call's first statement flushes
		// pending changes always, so it sees them and a refreshed instance loses nothing (MANUAL: the caller flushes).
		// Between the call's own statements nothing else ran and the rows they loaded are clean, so flushing again
		// would only dirty-check every managed entity once per chunk: quadratic for a bulk call returning entities.
		boolean first = statements++ == 0;
		boolean flush = first && call.session.getHibernateFlushMode() != FlushMode.MANUAL;
		try {
			// ids and outcomes are plain values: Hibernate's JDBC layer alone runs them (about half of a single-row
			// call's client CPU was the native query around the statement); entities need its hydration
			return mode == Mode.ENTITIES || !DirectStatement.canRun( statement )
					? runNative( statement, mode, flush )
					: new DirectStatement( call.session, statement, mode == Mode.IDS ? idMapping() : null ).run( flush );
		}
		catch (RuntimeException e) {
			throw translate( e );
		}
	}

	private JdbcMapping idMapping() {
		return ( (BasicValuedModelPart) call.model.persister.getIdentifierMapping() ).getJdbcMapping();
	}

	// createNativeQuery(String) and setHibernateFlushMode are deprecated in Hibernate 7 but remain the way to build a
	// native query whose result mapping (an entity plus scalars) is added afterwards
	@SuppressWarnings({ "unchecked", "rawtypes", "deprecation" })
	private List<?> runNative(Statement statement, Mode mode, boolean flush) {
		var session = call.session;
		NativeQuery<?> query = session.createNativeQuery( statement.sql() );
		query.setHibernateFlushMode( flush ? FlushMode.ALWAYS : FlushMode.MANUAL );
		switch ( mode ) {
			case ENTITIES -> query.addEntity( "pgx_up", call.model.persister.getEntityName() );
			case IDS -> query.addScalar( "pgx_id", (BasicType) idMapping() );
			case OUTCOMES -> {
			}
		}
		if ( statement.matchKey() != null ) {
			// read with the type each part is bound with, so that a key read back equals the proposed one
			for ( int i = 0; i < statement.matchKey().size(); i++ ) {
				query.addScalar( "pgx_k" + i, (BasicType) statement.matchKey().get( i ).column().bindType() );
			}
		}
		query.addScalar( "pgx_inserted", StandardBasicTypes.BOOLEAN );
		query.addScalar( "pgx_ord", StandardBasicTypes.INTEGER );
		bind( query, statement.bindings() );
		return query.getResultList();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void bind(NativeQuery<?> query, List<Binding> bindings) {
		for ( int i = 0; i < bindings.size(); i++ ) {
			Binding binding = bindings.get( i );
			if ( binding.type() == null ) {
				query.setParameter( i + 1, binding.value() );
			}
			else {
				query.setParameter( i + 1, binding.value(), (BasicType) binding.type() );
			}
		}
	}

	/** @return whether a look-up ({@code SELECT 1 ...}) finds a row; never flushes */
	@SuppressWarnings("deprecation")
	boolean exists(Statement statement) {
		NativeQuery<?> query = call.session.createNativeQuery( statement.sql() );
		query.setHibernateFlushMode( FlushMode.MANUAL );
		bind( query, statement.bindings() );
		return !query.getResultList().isEmpty();
	}

	private RuntimeException translate(RuntimeException e) {
		String state = sqlState( e );
		RuntimeException partitioned = call.catalog.partitioning == null ? null
				: call.catalog.partitioning.translate( call, plan, state, e );
		if ( partitioned != null ) {
			return partitioned;
		}
		if ( "42P10".equals( state ) ) {
			call.session.markForRollbackOnly();
			// the cached catalog had an index the table no longer has (it cannot be read again: the transaction
			// is aborted); the next call reads it again, see ConflictPlan.matchesAUniqueIndex
			call.forgetCatalog();
			return call.noMatchingIndex( plan.key, e );
		}
		if ( "21000".equals( state ) ) {
			call.session.markForRollbackOnly();
			return new DuplicateConflictKeyException( "Two rows of one bulk upsert into " + call.describe()
					+ " propose the same conflict key " + plan.key + " as the database compares it (for example"
					+ " equal under a case-insensitive type); PostgreSQL cannot update one row twice in one statement."
					+ " Remove or merge the duplicates before the call", e );
		}
		if ( state != null && ( state.startsWith( "08" ) || state.startsWith( "57P" ) )
				&& !( e instanceof JDBCConnectionException ) ) {
			// 57P01 (terminated by an administrator), 57P02 (crash), 57P03 (starting up): the connection is gone, as
			// for 08xxx; Hibernate's generic converter calls these GenericJDBCException
			SQLException cause = sqlException( e );
			return new JDBCConnectionException( "The connection to PostgreSQL was lost while upserting into "
					+ call.describe() + " [" + ( cause == null ? e.getMessage() : cause.getMessage() ) + "];"
					+ " the transaction is lost, retry it on a new connection", cause, statementSql( e ) );
		}
		return e;
	}

	private static SQLException sqlException(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof SQLException sqlException ) {
				return sqlException;
			}
		}
		return null;
	}

	private static String statementSql(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof org.hibernate.JDBCException jdbc ) {
				return jdbc.getSQL();
			}
		}
		return null;
	}

	static String sqlState(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof SQLException sqlException && sqlException.getSQLState() != null ) {
				return sqlException.getSQLState();
			}
			if ( t instanceof org.hibernate.JDBCException jdbc && jdbc.getSQLState() != null ) {
				return jdbc.getSQLState();
			}
		}
		return null;
	}
}

package io.pgextra.hibernate.internal.signals;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.pgextra.hibernate.internal.signals.BulkSignals.Shape;
import io.pgextra.hibernate.signals.Signal;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.sql.exec.spi.ExecutionContext;
import org.hibernate.sql.exec.spi.JdbcMutationExecutor;
import org.hibernate.sql.exec.spi.JdbcOperationQueryMutation;
import org.hibernate.sql.exec.spi.JdbcParameterBinder;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;

/**
 * The factory's executor of mutation statements (through {@link SignallingJdbcServices}), run by Hibernate for every
 * bulk {@code update} and {@code delete} and for native ones. A statement without a {@link SignalledRows} parameter
 * (no receiver was connected when it was translated, native SQL, HQL {@code insert}) goes to Hibernate's own executor
 * unchanged. One with it, at the first statement of the plan:
 * <ol>
 * <li>selects and locks the rows the SQM statement's restriction matches ({@link BulkSignals#lockMatchingRows}),
 * after the auto-flush Hibernate's statement would do;
 * <li>for a {@code delete}, sends the {@code DELETE} signals: the rows are still there, and an immediate receiver can
 * veto by throwing;
 * <li>binds the parameter: the locked keys ({@code id = any(?)}), or {@code true} for a composite key;
 * </ol>
 * then runs Hibernate's statement (none if no row was locked and the restriction is the keys), and after the entity's
 * own statement checks the row count against the locked rows (a mismatch marks the transaction for rollback and
 * throws {@code OptimisticLockException}, rather than leave a signal wrong) and sends the {@code UPDATE} signals. The signals follow the
 * statement's fate: one that throws sends no {@code UPDATE} signal, and a rollback sends no after-commit signal.
 */
final class SignallingMutationExecutor implements JdbcMutationExecutor {

	private final JdbcMutationExecutor hibernate;

	SignallingMutationExecutor(JdbcMutationExecutor hibernate) {
		this.hibernate = hibernate;
	}

	@Override
	public int execute(JdbcOperationQueryMutation jdbcMutation, JdbcParameterBindings jdbcParameterBindings,
			Function<String, PreparedStatement> statementCreator, BiConsumer<Integer, PreparedStatement> expectationCheck,
			ExecutionContext executionContext) {
		SignalledRows marker = marker( jdbcMutation.getParameterBinders() );
		if ( marker == null ) {
			return hibernate.execute( jdbcMutation, jdbcParameterBindings, statementCreator, expectationCheck,
					executionContext );
		}
		SharedSessionContractImplementor session = executionContext.getSession();
		if ( jdbcParameterBindings.getBinding( marker ) == null ) {
			// the first statement of this execution (for a delete, that of a collection table if any)
			marker.executed = 0;
			marker.rows = BulkSignals.lockMatchingRows( marker.statement, marker.persister, marker.xref,
					marker.domainBindings, executionContext.getQueryOptions(), executionContext );
			if ( marker.signal == Signal.DELETE ) {
				// before the rows are deleted: a receiver can still read them, or veto by throwing
				marker.registry.send( session, Signal.DELETE, marker.rows );
			}
			jdbcParameterBindings.addBinding( marker, marker.binding() );
		}
		marker.executed++;
		List<SignalRegistry.Row> rows = marker.rows;
		if ( marker.shape == Shape.ID_RESTRICTED && rows.isEmpty() ) {
			// "id = any('{}')" matches nothing: no statement to send
			return 0;
		}
		int count = hibernate.execute( jdbcMutation, jdbcParameterBindings, statementCreator, expectationCheck,
				executionContext );
		if ( marker.isEntityStatement() ) {
			// LOCK_THEN_DELEGATE: rows that started to match in between were written too. ID_RESTRICTED: only if a
			// locked row stopped matching the statement's own restriction (a subquery over other tables, or a
			// change by a receiver in this transaction); either way the signals would not be exact
			BulkSignals.checkCount( session, marker.signal, marker.persister, count, rows.size() );
			if ( marker.signal == Signal.UPDATE ) {
				marker.registry.send( session, Signal.UPDATE, rows );
			}
		}
		return count;
	}

	private static SignalledRows marker(List<? extends JdbcParameterBinder> binders) {
		for ( JdbcParameterBinder binder : binders ) {
			if ( binder instanceof SignalledRows marker ) {
				return marker;
			}
		}
		return null;
	}
}

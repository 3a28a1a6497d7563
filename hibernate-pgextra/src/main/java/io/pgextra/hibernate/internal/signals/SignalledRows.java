package io.pgextra.hibernate.internal.signals;

import java.lang.reflect.Array;
import java.util.List;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.signals.BulkSignals.Shape;
import io.pgextra.hibernate.internal.signals.SignalRegistry.Row;
import io.pgextra.hibernate.signals.Signal;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.loader.ast.internal.MultiKeyLoadHelper;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.mutation.internal.SqmMutationStrategyHelper;
import org.hibernate.query.sqm.tree.SqmDeleteOrUpdateStatement;
import org.hibernate.sql.exec.internal.JdbcParameterBindingImpl;
import org.hibernate.sql.exec.internal.JdbcParameterImpl;
import org.hibernate.sql.exec.spi.JdbcParameterBinding;

/**
 * The parameter {@link BulkSignalsTranslatorFactory} puts into the restriction of a bulk statement whose rows have
 * receivers, and the hand-off to {@link SignallingMutationExecutor}: Hibernate carries it, as one of the statement's
 * parameter binders, from the translation to the execution, whatever session or query runs the statement. It holds
 * what the executor needs to select and lock the rows (the SQM statement, its parameters and their bindings).
 * <ul>
 * <li>{@link Shape#ID_RESTRICTED}: the restriction becomes {@code id = any(?)}, and this parameter is bound to the keys
 * of the locked rows;
 * <li>{@link Shape#LOCK_THEN_DELEGATE} (a composite key on one table): the restriction becomes
 * {@code <restriction> and ?}, bound to {@code true}: its meaning is unchanged, the parameter only marks the statement.
 * </ul>
 * A plan of Hibernate may run several statements with it: a {@code delete} first clears the entity's collection tables
 * ({@code where fk in (select id ... where <restriction>)}), with the same parameter bindings, then deletes the rows.
 * The rows are locked and bound at the first of them, and the last one is the entity's own.
 * <p>
 * One instance per execution: Hibernate does not cache the plans of {@code update} and {@code delete} statements, and
 * translates each execution anew (so the decision whether a receiver is connected is never stale). Should that
 * change, the state is reset whenever the bindings do not hold this parameter yet (a new execution).
 */
final class SignalledRows extends JdbcParameterImpl {

	final SignalRegistry registry;
	final EntityPersister persister;
	final Signal signal;
	final Shape shape;
	final SqmDeleteOrUpdateStatement<?> statement;
	final DomainParameterXref xref;
	final QueryParameterBindings domainBindings;
	private final JdbcMapping mapping;
	/** the executions of the plan, the entity's own statement last: collection tables first for a delete */
	private final int statements;

	// state of the current execution
	List<Row> rows;
	int executed;

	SignalledRows(JdbcMapping mapping, SignalRegistry registry, EntityPersister persister, Shape shape,
			SqmDeleteOrUpdateStatement<?> statement, DomainParameterXref xref, QueryParameterBindings domainBindings) {
		super( mapping );
		this.mapping = mapping;
		this.registry = registry;
		this.persister = persister;
		this.signal = BulkSignals.signal( statement );
		this.shape = shape;
		this.statement = statement;
		this.xref = xref;
		this.domainBindings = domainBindings;
		this.statements = signal == Signal.DELETE ? 1 + collectionTables( persister ) : 1;
	}

	/** The array type of the entity's key, for {@code id = any(?)}. */
	static JdbcMapping keyArrayMapping(EntityPersister persister, SessionFactoryImplementor factory) {
		JdbcMapping idMapping = ( (BasicEntityIdentifierMapping) persister.getIdentifierMapping() ).getJdbcMapping();
		Class<?> elementClass = idMapping.getJdbcJavaType().getJavaTypeClass();
		return MultiKeyLoadHelper.resolveArrayJdbcMapping( idMapping, elementClass, factory );
	}

	/** The binding for the locked rows: their keys ({@code id = any(?)}), or {@code true} (a marker only). */
	JdbcParameterBinding binding() {
		if ( shape == Shape.LOCK_THEN_DELEGATE ) {
			return new JdbcParameterBindingImpl( mapping, Boolean.TRUE );
		}
		JdbcMapping idMapping = ( (BasicEntityIdentifierMapping) persister.getIdentifierMapping() ).getJdbcMapping();
		Class<?> elementClass = idMapping.getJdbcJavaType().getJavaTypeClass();
		Object ids = Array.newInstance( elementClass, rows.size() );
		for ( int i = 0; i < rows.size(); i++ ) {
			Array.set( ids, i, idMapping.convertToRelationalValue( rows.get( i ).id() ) );
		}
		return new JdbcParameterBindingImpl( mapping, ids );
	}

	/** @return whether the statement being executed is the plan's last: the entity's own */
	boolean isEntityStatement() {
		return executed == statements;
	}

	/** The collection tables a delete of the entity clears first, as Hibernate's plan counts them. */
	private static int collectionTables(EntityPersister persister) {
		if ( !persister.hasCollections() ) {
			return 0;
		}
		int[] count = { 0 };
		SqmMutationStrategyHelper.visitCollectionTables( persister, collection -> {
			if ( HibernateCompat.get().bulkDeleteClearsCollectionTable( collection ) ) {
				count[0]++;
			}
		} );
		return count[0];
	}
}

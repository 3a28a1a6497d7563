package io.pgextra.hibernate.internal.signals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

import io.pgextra.hibernate.internal.PgExtraRuntime;
import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.signals.BulkSignals.Shape;

import org.hibernate.boot.registry.selector.spi.StrategySelector;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.sql.SqmTranslation;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.SqmTranslatorFactory;
import org.hibernate.query.sqm.sql.StandardSqmTranslation;
import org.hibernate.query.sqm.sql.StandardSqmTranslatorFactory;
import org.hibernate.query.sqm.tree.SqmDeleteOrUpdateStatement;
import org.hibernate.query.sqm.tree.SqmDmlStatement;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.sql.ast.spi.SqlAstCreationContext;
import org.hibernate.sql.ast.tree.AbstractUpdateOrDeleteStatement;
import org.hibernate.sql.ast.tree.MutationStatement;
import org.hibernate.sql.ast.tree.expression.ColumnReference;
import org.hibernate.sql.ast.tree.predicate.BooleanExpressionPredicate;
import org.hibernate.sql.ast.tree.predicate.InArrayPredicate;
import org.hibernate.sql.ast.tree.predicate.Predicate;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.ast.tree.update.UpdateStatement;

/**
 * The factory's SQM translator factory ({@code hibernate.query.sqm.translator}, set by
 * {@link BulkSignalsSettingContributor}): Hibernate asks it for a translator at every execution of a bulk
 * {@code update} or {@code delete} (their plans are never cached), whatever session, entity manager or query runs it.
 * <p>
 * Everything is the delegate's (the factory a user named in the setting, else the dialect's, else Hibernate's
 * standard one), except for a bulk {@code update} or {@code delete} of a single-table entity with a receiver connected
 * for its rows: its SQL AST gets a {@link SignalledRows} parameter in its restriction, which
 * {@link SignallingMutationExecutor} recognises. With no such receiver the translator is the delegate's own object and
 * the SQL is Hibernate's; the cost is one read of the receivers per statement. Entities spread over several tables
 * are left to {@link SignallingMutationStrategyProvider}; HQL {@code insert} and native SQL are not signalled.
 * <p>
 * Instantiated by Hibernate (by class name, with the public no-argument constructor) once per factory.
 */
public final class BulkSignalsTranslatorFactory implements SqmTranslatorFactory {

	/** Where {@link BulkSignalsSettingContributor} keeps the translator factory a user set, to delegate to. */
	public static final String DELEGATE_SETTING = "io.pgextra.signals.delegate_sqm_translator";

	private volatile SqmTranslatorFactory delegate;

	public BulkSignalsTranslatorFactory() {
	}

	@Override
	public SqmTranslator<SelectStatement> createSelectTranslator(SqmSelectStatement<?> sqmSelectStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref, QueryParameterBindings domainParameterBindings,
			LoadQueryInfluencers loadQueryInfluencers, SqlAstCreationContext creationContext, boolean deduplicateSelectionItems) {
		return delegate( creationContext ).createSelectTranslator( sqmSelectStatement, queryOptions, domainParameterXref,
				domainParameterBindings, loadQueryInfluencers, creationContext, deduplicateSelectionItems );
	}

	@Override
	// SqlAstCreationContext.getSessionFactory() is deprecated; it is how this SPI reaches the factory (and so its
	// signal registry) on every line 7.1 to 7.4: revisit when 7.1 support ends
	@SuppressWarnings("deprecation")
	public SqmTranslator<? extends MutationStatement> createMutationTranslator(SqmDmlStatement<?> sqmDmlStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref, QueryParameterBindings domainParameterBindings,
			LoadQueryInfluencers loadQueryInfluencers, SqlAstCreationContext creationContext) {
		SqmTranslator<? extends MutationStatement> translator = delegate( creationContext ).createMutationTranslator(
				sqmDmlStatement, queryOptions, domainParameterXref, domainParameterBindings, loadQueryInfluencers,
				creationContext );
		if ( !( sqmDmlStatement instanceof SqmDeleteOrUpdateStatement<?> statement ) ) {
			return translator; // HQL insert: not signalled
		}
		SessionFactoryImplementor factory = creationContext.getSessionFactory();
		SignalRegistry registry = PgExtraRuntime.of( factory ).signalRegistry();
		if ( registry.isEmpty() ) {
			return translator;
		}
		EntityPersister persister = BulkSignals.persister( factory, statement );
		// several tables: Hibernate's multi-table handler, wrapped by SignallingMutationStrategyProvider (its inline
		// strategy translates the per-table statements here too, which are left alone)
		if ( persister == null || persister.getSqmMultiTableMutationStrategy() != null
				|| !registry.hasReceiversForRowsOf( BulkSignals.signal( statement ), persister ) ) {
			return translator;
		}
		Shape shape = BulkSignals.shape( persister );
		JdbcMapping mapping = shape == Shape.ID_RESTRICTED ? SignalledRows.keyArrayMapping( persister, factory )
				: factory.getTypeConfiguration().getBasicTypeForJavaType( Boolean.class );
		SignalledRows marker = new SignalledRows( mapping, registry, persister, shape, statement, domainParameterXref,
				domainParameterBindings );
		return restricting( translator, marker );
	}

	/**
	 * The translator, with its {@code translate()} result's restriction rewritten. A proxy rather than a subclass or
	 * a hand-written delegate: translators implement a walker interface of some 150 methods that changes between
	 * Hibernate lines, and the caller only needs {@code translate()} and the parameter access they all share.
	 */
	@SuppressWarnings("unchecked")
	private static SqmTranslator<? extends MutationStatement> restricting(SqmTranslator<? extends MutationStatement> translator,
			SignalledRows marker) {
		Set<Class<?>> interfaces = new LinkedHashSet<>();
		for ( Class<?> type = translator.getClass(); type != null; type = type.getSuperclass() ) {
			collectPublicInterfaces( type, interfaces );
		}
		return (SqmTranslator<? extends MutationStatement>) Proxy.newProxyInstance(
				SqmTranslator.class.getClassLoader(), interfaces.toArray( new Class<?>[0] ), (proxy, method, args) -> {
					Object result;
					try {
						result = method.invoke( translator, args );
					}
					catch (InvocationTargetException e) {
						throw e.getCause();
					}
					if ( method.getName().equals( "translate" ) && method.getParameterCount() == 0 ) {
						return restrict( (SqmTranslation<? extends MutationStatement>) result, marker );
					}
					return result;
				} );
	}

	private static void collectPublicInterfaces(Class<?> type, Set<Class<?>> interfaces) {
		for ( Class<?> implemented : type.getInterfaces() ) {
			if ( Modifier.isPublic( implemented.getModifiers() ) ) {
				interfaces.add( implemented );
			}
		}
	}

	/**
	 * {@code where <restriction> and id = any(?)} ({@link Shape#ID_RESTRICTED}: exactly the rows that will be locked
	 * and signalled; rows that start to match in between are left alone. The statement's own restriction stays, which
	 * the locked rows still satisfy, so that PostgreSQL can still prune partitions), or
	 * {@code where <restriction> and ?} bound to {@code true} ({@link Shape#LOCK_THEN_DELEGATE}: unchanged meaning,
	 * the parameter only marks the statement).
	 */
	private static SqmTranslation<? extends MutationStatement> restrict(SqmTranslation<? extends MutationStatement> translation,
			SignalledRows marker) {
		AbstractUpdateOrDeleteStatement statement = (AbstractUpdateOrDeleteStatement) translation.getSqlAst();
		Predicate restriction = Predicate.combinePredicates( statement.getRestriction(), marker.shape == Shape.ID_RESTRICTED
				? new InArrayPredicate( new ColumnReference( statement.getTargetTable(),
						(BasicEntityIdentifierMapping) marker.persister.getIdentifierMapping() ), marker )
				: new BooleanExpressionPredicate( marker ) );
		// the statement's constructor differs between Hibernate lines (the mutation target of 7.3+): the compat seam
		MutationStatement restricted = statement instanceof UpdateStatement update
				? HibernateCompat.get().updateStatement( update, restriction, update.getReturningColumns() )
				: HibernateCompat.get().deleteStatement( statement, restriction );
		return new StandardSqmTranslation<>( restricted, translation.getJdbcParamsBySqmParam(),
				translation.getSqmParameterMappingModelTypeResolutions(), translation.getSqlExpressionResolver(),
				translation.getFromClauseAccess() );
	}

	/**
	 * The factory that does the work: the one a user set (kept by {@link BulkSignalsSettingContributor}), else the
	 * dialect's, else Hibernate's standard one, as Hibernate itself chooses when the setting is not ours.
	 */
	@SuppressWarnings("deprecation") // getSessionFactory(): see createMutationTranslator
	private SqmTranslatorFactory delegate(SqlAstCreationContext creationContext) {
		SqmTranslatorFactory current = delegate;
		if ( current == null ) {
			SessionFactoryImplementor factory = creationContext.getSessionFactory();
			Object configured = factory.getServiceRegistry().requireService( ConfigurationService.class ).getSettings()
					.get( DELEGATE_SETTING );
			if ( configured != null ) {
				current = factory.getServiceRegistry().requireService( StrategySelector.class )
						.resolveStrategy( SqmTranslatorFactory.class, configured );
			}
			if ( current == null ) {
				current = factory.getJdbcServices().getDialect().getSqmTranslatorFactory();
			}
			if ( current == null ) {
				current = new StandardSqmTranslatorFactory();
			}
			delegate = current;
		}
		return current;
	}

	/** @return the factory this one delegates to, once it was used (for tests and diagnostics) */
	public SqmTranslatorFactory delegate() {
		return delegate;
	}
}

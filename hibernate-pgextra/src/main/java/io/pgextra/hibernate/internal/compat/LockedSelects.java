package io.pgextra.hibernate.internal.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgextra.hibernate.internal.compat.HibernateCompat.LockedSelect;

import org.hibernate.HibernateException;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.sql.ast.tree.expression.JdbcParameter;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.ExecutionContext;
import org.hibernate.sql.exec.spi.JdbcLockStrategy;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;
import org.hibernate.sql.exec.spi.JdbcSelectExecutor;
import org.hibernate.sql.results.internal.RowTransformerArrayImpl;
import org.hibernate.sql.results.jdbc.spi.JdbcValuesMappingProducer;
import org.hibernate.sql.results.spi.ListResultsConsumer;
import org.hibernate.sql.results.spi.RowTransformer;

/**
 * A select rendered by Hibernate's SQL AST translator with a lock clause appended, and run by Hibernate's select
 * executor. The operation class, {@code JdbcOperationQuerySelect}, is in {@code sql.exec.spi} on 7.1 and in
 * {@code sql.exec.internal} from 7.2, and the executor's {@code list} takes it (7.1) or the {@code JdbcSelect}
 * interface (7.2+): the members are looked up once, by name, with method handles. Both have had the same
 * ten-argument constructor and getters from 7.1 to 7.4.
 */
final class LockedSelects {

	private final MethodHandle constructor;
	private final MethodHandle sqlString;
	private final MethodHandle parameterBinders;
	private final MethodHandle mappingProducer;
	private final MethodHandle affectedTableNames;
	private final MethodHandle appliedParameters;
	private final MethodHandle list;

	LockedSelects(HibernateVersion version) {
		String operationClass = version.atLeast( 7, 2 ) ? "org.hibernate.sql.exec.internal.JdbcOperationQuerySelect"
				: "org.hibernate.sql.exec.spi.JdbcOperationQuerySelect";
		String listParameterClass = version.atLeast( 7, 2 ) ? "org.hibernate.sql.exec.spi.JdbcSelect" : operationClass;
		try {
			ClassLoader loader = JdbcSelectExecutor.class.getClassLoader();
			Class<?> operation = Class.forName( operationClass, false, loader );
			Class<?> listParameter = Class.forName( listParameterClass, false, loader );
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			constructor = lookup.findConstructor( operation, MethodType.methodType( void.class, String.class, List.class,
					JdbcValuesMappingProducer.class, Set.class, int.class, int.class, Map.class, JdbcLockStrategy.class,
					JdbcParameter.class, JdbcParameter.class ) );
			sqlString = lookup.findVirtual( operation, "getSqlString", MethodType.methodType( String.class ) );
			parameterBinders = lookup.findVirtual( operation, "getParameterBinders", MethodType.methodType( List.class ) );
			mappingProducer = lookup.findVirtual( operation, "getJdbcValuesMappingProducer",
					MethodType.methodType( JdbcValuesMappingProducer.class ) );
			affectedTableNames = lookup.findVirtual( operation, "getAffectedTableNames",
					MethodType.methodType( Set.class ) );
			appliedParameters = lookup.findVirtual( operation, "getAppliedParameters",
					MethodType.methodType( Map.class ) );
			list = lookup.findVirtual( JdbcSelectExecutor.class, "list", MethodType.methodType( List.class,
					listParameter, JdbcParameterBindings.class, ExecutionContext.class, RowTransformer.class,
					Class.class, ListResultsConsumer.UniqueSemantic.class ) );
		}
		catch (ReflectiveOperationException e) {
			throw new HibernateException( "hibernate-pgextra found no usable " + operationClass + " in Hibernate ORM "
					+ version.text() + " (" + e + "); supported are Hibernate ORM " + HibernateVersion.SUPPORTED_RANGE, e );
		}
	}

	LockedSelect render(SessionFactoryImplementor factory, SelectStatement sqlAst, JdbcParameterBindings bindings,
			QueryOptions options, String lockClause) {
		// the erased type: SqlAstTranslator<JdbcOperationQuerySelect> up to 7.2, <JdbcSelect> since 7.3
		Object unlocked = factory.getJdbcServices().getJdbcEnvironment().getSqlAstTranslatorFactory()
				.buildSelectTranslator( factory, sqlAst ).translate( bindings, options );
		try {
			// no paging, no lock strategy of Hibernate's own: the lock clause is the one appended
			Object locked = constructor.invoke( (String) sqlString.invoke( unlocked ) + lockClause,
					(List<?>) parameterBinders.invoke( unlocked ), (JdbcValuesMappingProducer) mappingProducer.invoke( unlocked ),
					(Set<?>) affectedTableNames.invoke( unlocked ), 0, Integer.MAX_VALUE,
					(Map<?, ?>) appliedParameters.invoke( unlocked ), JdbcLockStrategy.NONE, (JdbcParameter) null,
					(JdbcParameter) null );
			@SuppressWarnings("unchecked")
			Set<String> tables = (Set<String>) affectedTableNames.invoke( locked );
			return new LockedSelect( locked, tables );
		}
		catch (RuntimeException | Error e) {
			throw e;
		}
		catch (Throwable e) {
			throw new IllegalStateException( e );
		}
	}

	@SuppressWarnings("unchecked")
	List<Object[]> list(SessionFactoryImplementor factory, LockedSelect select, JdbcParameterBindings bindings,
			ExecutionContext executionContext) {
		try {
			return (List<Object[]>) list.invoke( factory.getJdbcServices().getJdbcSelectExecutor(), select.operation(),
					bindings, executionContext, RowTransformerArrayImpl.instance(), (Class<?>) null,
					ListResultsConsumer.UniqueSemantic.NONE );
		}
		catch (RuntimeException | Error e) {
			throw e;
		}
		catch (Throwable e) {
			throw new IllegalStateException( e );
		}
	}
}

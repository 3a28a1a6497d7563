package io.pgextra.hibernate.internal.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Member;
import java.util.List;
import java.util.Set;

import org.hibernate.HibernateException;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractEvent;
import org.hibernate.generator.EventType;
import org.hibernate.generator.OnExecutionGenerator;
import org.hibernate.mapping.SimpleValue;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.sql.ast.tree.AbstractUpdateOrDeleteStatement;
import org.hibernate.sql.ast.tree.delete.DeleteStatement;
import org.hibernate.sql.ast.tree.expression.ColumnReference;
import org.hibernate.sql.ast.tree.predicate.Predicate;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.ast.tree.update.UpdateStatement;
import org.hibernate.sql.exec.spi.ExecutionContext;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.spi.TypeConfiguration;

/**
 * The one place that knows how Hibernate ORM 7.1, 7.2, 7.3 and 7.4 differ in what hibernate-pgextra calls. The code
 * for the running version is chosen once (at boot, {@link #get()}); no other class calls a member that only some of
 * these versions have.
 * <ul>
 * <li>7.4 added {@code OnExecutionGenerator} overloads taking the {@link EventType} (a generator may render a
 * different SQL value on insert and on update); before 7.4 there is only the {@code Dialect} one.
 * <li>7.3 added the {@code MutationTarget} of a SQL AST mutation statement, and {@code SimpleValue.getMemberDetails()}.
 * <li>7.2 stopped clearing the collection tables of a bulk {@code delete} that the database cascades to.
 * <li>7.2 changed the declared return type of {@code AbstractEvent.getSession()} ({@code EventSource} before): the
 * same source compiles against both, but the compiled call does not link on 7.1.
 * <li>7.2 replaced {@code JavaType.coerce(value, CoercionContext)} by {@code JavaType.coerce(value)}.
 * <li>7.2 moved {@code JdbcOperationQuerySelect} from {@code sql.exec.spi} to {@code sql.exec.internal}, and
 * {@code JdbcSelectExecutor.list} takes the {@code JdbcSelect} interface since then ({@link LockedSelects}).
 * </ul>
 * Differences for which a public API of every line does the job are not here: the library uses that API instead
 * ({@code Transaction.registerSynchronization}, {@code DdlTransactionIsolator.release()}).
 */
public final class HibernateCompat {

	private final HibernateVersion version;
	private final LockedSelects selects;
	/** 7.1 only: {@code AbstractEvent.getSession()} returning {@code EventSource} (7.2+: the shared contract) */
	private final MethodHandle eventSession71;
	/** 7.1 only: {@code JavaType.coerce(Object, CoercionContext)} (7.2+: {@code coerce(Object)}) */
	private final MethodHandle coerce71;

	// JavaType.CoercionContext is deprecated for removal, but 7.1's coerce takes it: this seam is where 7.1 is served
	@SuppressWarnings("removal")
	private HibernateCompat(HibernateVersion version) {
		this.version = version;
		this.selects = new LockedSelects( version );
		if ( version.atLeast( 7, 2 ) ) {
			eventSession71 = null;
			coerce71 = null;
		}
		else {
			try {
				ClassLoader loader = AbstractEvent.class.getClassLoader();
				MethodHandles.Lookup lookup = MethodHandles.publicLookup();
				eventSession71 = lookup.findVirtual( AbstractEvent.class, "getSession", MethodType.methodType(
						Class.forName( "org.hibernate.event.spi.EventSource", false, loader ) ) );
				coerce71 = lookup.findVirtual( JavaType.class, "coerce", MethodType.methodType( Object.class,
						Object.class, JavaType.CoercionContext.class ) );
			}
			catch (ReflectiveOperationException e) {
				throw new HibernateException( "hibernate-pgextra found no usable event or query interpretation accessor"
						+ " in Hibernate ORM " + version.text() + " (" + e + "); supported are Hibernate ORM "
						+ HibernateVersion.SUPPORTED_RANGE, e );
			}
		}
	}

	/**
	 * @return the seam for the running Hibernate ORM, chosen once (on first use, at boot)
	 * @throws HibernateException if that version is not supported, in one sentence naming it and the supported range
	 */
	public static HibernateCompat get() {
		HibernateCompat compat = Holder.INSTANCE;
		if ( compat == null ) {
			throw new HibernateException( Holder.FAILURE.getMessage(), Holder.FAILURE );
		}
		return compat;
	}

	/**
	 * Decided once per class loader: the version check, then the method lookups (only on a supported version). Both
	 * final and immutable; a failure is kept to be thrown at every entry point, not as an initializer error.
	 */
	private static final class Holder {
		static final HibernateCompat INSTANCE;
		static final RuntimeException FAILURE;

		static {
			HibernateCompat instance = null;
			RuntimeException failure = null;
			String text = HibernateVersion.runningText();
			String unsupported = HibernateVersion.unsupportedMessage( text );
			if ( unsupported != null ) {
				failure = new HibernateException( unsupported );
			}
			else {
				try {
					instance = new HibernateCompat( HibernateVersion.parse( text ) );
				}
				catch (RuntimeException e) {
					failure = e;
				}
			}
			INSTANCE = instance;
			FAILURE = failure;
		}
	}

	/** @return the running Hibernate ORM version */
	public HibernateVersion version() {
		return version;
	}

	// ------------------------------------------------------------------------------------- generators

	/**
	 * @param generator an on-execution generator (e.g. {@code @CurrentTimestamp(source = DB)})
	 * @param event insert or update
	 * @return the SQL expressions the generator writes for its column(s) on this event (e.g.
	 * {@code current_timestamp}), or {@code null} if it leaves them out of the statement (the database fills them)
	 */
	public String[] referencedColumnValues(OnExecutionGenerator generator, Dialect dialect, EventType event) {
		if ( version.atLeast( 7, 4 ) ) {
			return Since74.referencedColumnValues( generator, dialect, event );
		}
		return generator.referenceColumnsInSql( dialect ) ? generator.getReferencedColumnValues( dialect ) : null;
	}

	// ------------------------------------------------------------------------------------- values

	/**
	 * Hibernate's own coercion of a value to a Java type (e.g. an {@code Integer} to a {@code Long}, exactly or not at
	 * all), as its parameter binding does.
	 *
	 * @param typeConfiguration what a 7.1 coercion may ask for through its {@code CoercionContext}
	 * @return the coerced value, or the value itself when the type does not coerce
	 */
	@SuppressWarnings("removal") // JavaType.CoercionContext: the 7.1 signature, see the constructor
	public Object coerce(JavaType<?> javaType, Object value, TypeConfiguration typeConfiguration) {
		if ( coerce71 == null ) {
			return Since72.coerce( javaType, value );
		}
		JavaType.CoercionContext context = () -> typeConfiguration;
		try {
			return coerce71.invoke( javaType, value, context );
		}
		catch (RuntimeException | Error e) {
			throw e;
		}
		catch (Throwable e) {
			throw new IllegalStateException( e );
		}
	}

	// ------------------------------------------------------------------------------------- events and plans

	/** @return the session of an entity event (its declared return type changed in 7.2) */
	public SharedSessionContractImplementor session(AbstractEvent event) {
		if ( eventSession71 == null ) {
			return Since72.session( event );
		}
		try {
			return (SharedSessionContractImplementor) eventSession71.invoke( event );
		}
		catch (RuntimeException | Error e) {
			throw e;
		}
		catch (Throwable e) {
			throw new IllegalStateException( e );
		}
	}

	// ------------------------------------------------------------------------------------- bulk delete

	/**
	 * @return whether Hibernate's plan for a bulk {@code delete} of the owning entity first deletes the collection's
	 * rows (a statement of its own): a collection with a table of its own, unless (7.2+) the database cascades the
	 * delete ({@code @OnDelete(CASCADE)})
	 */
	public boolean bulkDeleteClearsCollectionTable(PluralAttributeMapping collection) {
		if ( collection.getSeparateCollectionTable() == null ) {
			return false;
		}
		return !version.atLeast( 7, 2 ) || !collection.getCollectionDescriptor().isCascadeDeleteEnabled();
	}

	// ------------------------------------------------------------------------------------- boot model

	/**
	 * @return the Java member Hibernate maps the value from, if the boot model records it (7.3+), else {@code null}:
	 * the caller then asks the property's getter
	 */
	public Member javaMember(SimpleValue value) {
		return version.atLeast( 7, 3 ) ? Since73.javaMember( value ) : null;
	}

	/** Gives {@code target} the member {@code source} is mapped from, where the boot model records it (7.3+). */
	public void copyMember(SimpleValue source, SimpleValue target) {
		if ( version.atLeast( 7, 3 ) ) {
			Since73.copyMember( source, target );
		}
	}

	// ------------------------------------------------------------------------------------- SQL AST

	/**
	 * @return the update statement with another restriction and {@code RETURNING} list (same target table, CTEs,
	 * from clause, assignments and, on 7.3+, mutation target)
	 */
	@SuppressWarnings("removal") // the constructor without a mutation target, used only before 7.3
	public UpdateStatement updateStatement(UpdateStatement template, Predicate restriction,
			List<ColumnReference> returning) {
		return version.atLeast( 7, 3 ) ? Since73.updateStatement( template, restriction, returning )
				: new UpdateStatement( template, template.getTargetTable(), template.getFromClause(),
						template.getAssignments(), restriction, returning );
	}

	/** @return the delete statement with another restriction (everything else as in the template) */
	@SuppressWarnings("removal") // the constructor without a mutation target, used only before 7.3
	public DeleteStatement deleteStatement(AbstractUpdateOrDeleteStatement template, Predicate restriction) {
		return version.atLeast( 7, 3 ) ? Since73.deleteStatement( template, restriction )
				: new DeleteStatement( template, template.getTargetTable(), template.getFromClause(), restriction,
						template.getReturningColumns() );
	}

	/**
	 * Renders the select with a lock clause appended, as an operation {@link #list} runs.
	 *
	 * @param lockClause the dialect's lock clause, e.g. {@code " for no key update of t1_0"}
	 * @return the operation and the tables it reads
	 */
	public LockedSelect lockedSelect(SessionFactoryImplementor factory, SelectStatement sqlAst,
			JdbcParameterBindings bindings, QueryOptions options, String lockClause) {
		return selects.render( factory, sqlAst, bindings, options, lockClause );
	}

	/** @return the rows of the locked select, each as an array of its selections */
	public List<Object[]> list(SessionFactoryImplementor factory, LockedSelect select, JdbcParameterBindings bindings,
			ExecutionContext executionContext) {
		return selects.list( factory, select, bindings, executionContext );
	}

	/**
	 * A rendered select, whose Hibernate class depends on the version.
	 *
	 * @param operation Hibernate's {@code JdbcOperationQuerySelect}
	 * @param affectedTableNames the tables it reads
	 */
	public record LockedSelect(Object operation, Set<String> affectedTableNames) {
	}

	/** Calls into members 7.4 added; loaded only on 7.4. */
	private static final class Since74 {
		static String[] referencedColumnValues(OnExecutionGenerator generator, Dialect dialect, EventType event) {
			return generator.referenceColumnsInSql( dialect, event ) ? generator.getReferencedColumnValues( dialect, event )
					: null;
		}
	}

	/** Calls linked with the descriptors 7.2 introduced; loaded only on 7.2 and later. */
	private static final class Since72 {
		static Object coerce(JavaType<?> javaType, Object value) {
			return javaType.coerce( value );
		}

		static SharedSessionContractImplementor session(AbstractEvent event) {
			return event.getSession();
		}

	}

	/** Calls into members 7.3 added; loaded only on 7.3 and later. */
	private static final class Since73 {
		static Member javaMember(SimpleValue value) {
			return value.getMemberDetails() == null ? null : value.getMemberDetails().toJavaMember();
		}

		static void copyMember(SimpleValue source, SimpleValue target) {
			target.setMemberDetails( source.getMemberDetails() );
		}

		static UpdateStatement updateStatement(UpdateStatement template, Predicate restriction,
				List<ColumnReference> returning) {
			return new UpdateStatement( template, template.getTargetTable(), template.getMutationTarget(),
					template.getFromClause(), template.getAssignments(), restriction, returning );
		}

		static DeleteStatement deleteStatement(AbstractUpdateOrDeleteStatement template, Predicate restriction) {
			return new DeleteStatement( template, template.getTargetTable(), template.getMutationTarget(),
					template.getFromClause(), restriction, template.getReturningColumns() );
		}
	}
}

package io.pgextra.hibernate.internal.conflict;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictCondition;
import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.ConflictTargetException;
import io.pgextra.hibernate.DuplicateConflictKeyException;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.internal.PgExtraRuntime;
import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.conflict.TableModel.Attribute;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

import org.hibernate.FlushMode;
import org.hibernate.action.internal.BulkOperationCleanupAction;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.internal.Versioning;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.Generator;
import org.hibernate.generator.OnExecutionGenerator;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.BasicType;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.descriptor.java.ArrayJavaType;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.spi.TypeConfiguration;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TransactionRequiredException;

/**
 * One {@code INSERT ... ON CONFLICT} call: validates the input, plans the columns, renders the statement and runs
 * it through Hibernate (a native query, so SQL logging, statistics, exception conversion and entity hydration are
 * Hibernate's own).
 * <p>
 * The statement, for {@code n} rows:
 * <pre>
 * WITH pgx_in (c1, c2, pgx_ord) AS (VALUES (CAST(? AS t1), CAST(? AS t2), 1), ...),
 * pgx_up AS (INSERT INTO table AS pgx_t (c1, c2) SELECT c1, c2 FROM pgx_in ORDER BY pgx_ord
 *            ON CONFLICT (target) DO UPDATE SET ... | DO NOTHING
 *            RETURNING payload, key AS pgx_k0, (pgx_t.xmax = 0) AS pgx_inserted)
 * SELECT pgx_up.*, pgx_in.pgx_ord FROM pgx_in JOIN pgx_up ON pgx_up.pgx_k0 = key(pgx_in)
 * UNION ALL   -- only when a conflicting row may be left alone: DO NOTHING, or DO UPDATE ... WHERE
 * SELECT payload(pgx_ex), key(pgx_ex), NULL, pgx_in.pgx_ord FROM pgx_in JOIN table pgx_ex ON key(pgx_ex) = key(pgx_in)
 *  WHERE key(pgx_in) NOT IN (SELECT pgx_k0 FROM pgx_up WHERE pgx_k0 IS NOT NULL)   -- one row: NOT EXISTS (pgx_up)
 * ORDER BY pgx_ord
 * </pre>
 * A bulk chunk binds one array per column instead, when every column's type can go into an array (see
 * {@link #columnArrays}): {@code WITH pgx_in (c1, c2, pgx_ord) AS (SELECT * FROM unnest(CAST(? AS t1[]),
 * CAST(? AS t2[])) WITH ORDINALITY)}; the rest of the statement is the same.
 * <p>
 * {@code RETURNING} gives no input position, so rows are matched back to their input by conflict key; the
 * {@code UNION} branch finds the rows left alone, which {@code RETURNING} omits, in the same statement. A row whose
 * key contains {@code NULL} never conflicts and cannot be matched by key, so it runs on its own.
 * {@code xmax = 0} holds for a freshly inserted row version, not for one updated by {@code ON CONFLICT}.
 */
final class ConflictExecution {

	enum Mode { IDS, ENTITIES, OUTCOMES }

	record RowResult(Object id, RowOutcome outcome, Object entity) {
		ConflictResult toResult() {
			return new ConflictResult( id, outcome );
		}
	}

	/** Keeps the statement under PostgreSQL's limit of 65,535 bind parameters, with room to spare. */
	static final int MAX_PARAMETERS = 32_000;
	/**
	 * Rows per statement with a parameter per value ({@code VALUES}): large enough to amortize round trips, small
	 * enough that no statement holds an unbounded number of rows.
	 */
	static final int MAX_ROWS_PER_STATEMENT = 2_000;
	/**
	 * Rows per statement with one array parameter per column ({@code unnest}), which the parameter limit does not
	 * bound. In BENCHMARKS.md, 1,000 rows per statement were slower and 2,000 to 6,400 measured the same within the
	 * noise on a loopback connection; the larger size saves round trips where they cost more, and still bounds the
	 * memory of one statement (a few MB on either side for 10,000 rows of a handful of columns).
	 */
	static final int MAX_ROWS_PER_ARRAY_STATEMENT = 10_000;
	private static final int RETRIES = 3;

	private record EntityModelKey(Class<?> entityClass) {
	}

	private record CollectionModelKey(Class<?> owner, String attribute) {
	}

	private record CatalogKey(String table) {
	}

	/** One part of the conflict key: a column, or one key of an hstore column. */
	private record KeyPart(Column column, String hstoreKey) {
		String on(String alias) {
			return expression( alias + "." );
		}

		/** As in the index definition: PostgreSQL infers an expression index from the same expression. */
		String expression(String prefix) {
			String column = prefix + this.column.quoted();
			return hstoreKey == null ? column : "(" + column + " -> " + Identifiers.literal( hstoreKey ) + ")";
		}

		@Override
		public String toString() {
			return hstoreKey == null ? column.catalogName() : column.catalogName() + " -> '" + hstoreKey + "'";
		}
	}

	private record Binding(Object value, BasicType<?> type) {
	}

	private final SessionImplementor session;
	private final TableModel model;
	private final TableCatalog catalog;
	private final ConflictTarget target;
	private final ConflictAction action;
	private final List<String> updating;
	private final Map<String, ConflictExpression> sets;
	private final ConflictCondition where;
	private final Dialect dialect;
	private final PgExtraRuntime runtime;
	/** Statements this call has run so far. */
	private int statements;
	/** Rows per statement that bind a parameter per value, under the parameter limit. */
	private int valuesMaxRows = MAX_ROWS_PER_STATEMENT;

	private ConflictExecution(SessionImplementor session, TableModel model, ConflictTarget target,
			ConflictAction action, List<String> updating, Map<String, ConflictExpression> sets,
			ConflictCondition where) {
		this.session = session;
		this.model = model;
		this.target = target;
		this.action = action;
		this.updating = updating;
		this.sets = sets;
		this.where = where;
		this.dialect = session.getFactory().getJdbcServices().getDialect();
		this.runtime = PgExtraRuntime.of( session.getFactory() );
		this.catalog = runtime.cached( new CatalogKey( model.table ), key -> TableCatalog.load( session, model.table ) );
	}

	static ConflictExecution forEntity(EntityManager em, Class<?> entityClass, ConflictTarget target,
			ConflictAction action, List<String> updating, Map<String, ConflictExpression> sets,
			ConflictCondition where) {
		if ( action == null ) {
			throw new IllegalStateException( "Choose onConflictDoUpdate() or onConflictDoNothing() first" );
		}
		SessionImplementor session = session( em );
		PgExtraRuntime runtime = PgExtraRuntime.of( session.getFactory() );
		TableModel model = runtime.cached( new EntityModelKey( entityClass ),
				key -> TableModel.forEntity( session.getFactory(), entityClass ) );
		return new ConflictExecution( session, model, target, action, updating, sets, where );
	}

	static ConflictExecution forCollection(EntityManager em, Class<?> owner, String attribute, ConflictTarget target,
			ConflictAction action) {
		SessionImplementor session = session( em );
		PgExtraRuntime runtime = PgExtraRuntime.of( session.getFactory() );
		TableModel model = runtime.cached( new CollectionModelKey( owner, attribute ),
				key -> TableModel.forCollection( session.getFactory(), owner, attribute ) );
		return new ConflictExecution( session, model, target, action, null, Map.of(), null );
	}

	private static SessionImplementor session(EntityManager em) {
		Objects.requireNonNull( em, "entityManager" );
		return em.unwrap( SessionImplementor.class );
	}

	/** @return the identifier's attribute name, {@code null} for an {@code @IdClass} (its parts are attributes) */
	String idAttributeName() {
		return model.attributes.containsKey( model.id.name ) ? model.id.name : null;
	}

	// ---- input ----

	List<RowResult> executeMaps(List<? extends Map<String, ?>> rows, Mode mode) {
		requireTransaction();
		if ( rows.isEmpty() ) {
			return List.of();
		}
		List<Map<String, Object>> given = new ArrayList<>( rows.size() );
		Set<String> first = null;
		for ( int i = 0; i < rows.size(); i++ ) {
			Map<String, ?> row = rows.get( i );
			if ( row == null ) {
				throw new IllegalArgumentException( "Row " + i + " is null" );
			}
			if ( first == null ) {
				first = row.keySet();
				given.add( validateAttributes( row, i ) );
			}
			else {
				if ( !first.equals( row.keySet() ) ) {
					throw differentAttributes( first, row.keySet(), i );
				}
				// only read, never changed or kept: no copy (a million-row call would hold a million copies)
				@SuppressWarnings("unchecked")
				Map<String, Object> values = (Map<String, Object>) row;
				given.add( values );
			}
		}
		return execute( given, null, mode );
	}

	List<RowResult> executeEntities(List<?> entities, Mode mode) {
		requireTransaction();
		if ( entities.isEmpty() ) {
			return List.of();
		}
		if ( !model.isEntity() ) {
			throw new IllegalStateException( "Entities cannot be inserted into a collection table" );
		}
		List<Map<String, Object>> given = new ArrayList<>( entities.size() );
		Set<String> first = null;
		for ( int i = 0; i < entities.size(); i++ ) {
			Object entity = entities.get( i );
			if ( entity == null ) {
				throw new IllegalArgumentException( "Entity " + i + " is null" );
			}
			if ( !model.javaType.isInstance( entity ) ) {
				throw new IllegalArgumentException( "Entity " + i + " is a " + entity.getClass().getName()
						+ ", not a " + model.javaType.getName() );
			}
			Map<String, Object> values = valuesOf( entity );
			if ( first == null ) {
				first = values.keySet();
			}
			else if ( !first.equals( values.keySet() ) ) {
				// only the identifier may differ: assigned on some instances, null on others
				throw differentAttributes( first, values.keySet(), i );
			}
			given.add( values );
		}
		return execute( given, entities, mode );
	}

	private Map<String, Object> valuesOf(Object entity) {
		Map<String, Object> values = new LinkedHashMap<>();
		for ( Attribute attribute : model.attributes.values() ) {
			if ( attribute.name.indexOf( '.' ) >= 0 || !attribute.insertable ) {
				continue;
			}
			Object value;
			if ( attribute == model.id ) {
				value = model.persister.getIdentifier( entity, session );
				if ( value == null ) {
					continue;
				}
			}
			else if ( attribute == model.version ) {
				// Hibernate's, not the caller's: seeded on insert, moved on update (an old instance must not win)
				continue;
			}
			else {
				value = ( (org.hibernate.metamodel.mapping.AttributeMapping) attribute.part ).getValue( entity );
				if ( value == null && generatedOnInsert( attribute ) ) {
					continue;
				}
			}
			values.put( attribute.name, value );
		}
		return values;
	}

	private Map<String, Object> validateAttributes(Map<String, ?> row, int index) {
		Map<String, Object> copy = new LinkedHashMap<>();
		Map<String, String> ownerOfColumn = new HashMap<>();
		for ( Map.Entry<String, ?> entry : row.entrySet() ) {
			String name = entry.getKey();
			if ( name == null ) {
				throw new IllegalArgumentException( "Row " + index + " has a null attribute name" );
			}
			Attribute attribute = model.attributes.get( name );
			if ( attribute == null ) {
				throw unknownAttribute( name, "values" );
			}
			if ( attribute == model.version ) {
				throw new IllegalArgumentException( "Attribute '" + name + "' of " + describe() + " is its @Version,"
						+ " which Hibernate manages (seeded on insert, incremented on update); remove it from the values" );
			}
			if ( !attribute.insertable ) {
				throw new IllegalArgumentException( "Attribute '" + name + "' of " + describe()
						+ " is not insertable (insertable = false, a formula, or a read-only mapping);"
						+ " remove it from the values" );
			}
			for ( Column column : attribute.columns ) {
				String previous = ownerOfColumn.put( column.catalogName(), name );
				if ( previous != null ) {
					throw new IllegalArgumentException( "Attributes '" + previous + "' and '" + name + "' of "
							+ describe() + " both write column \"" + column.catalogName() + "\"; give only one of them" );
				}
			}
			copy.put( name, entry.getValue() );
		}
		return copy;
	}

	private IllegalArgumentException unknownAttribute(String name, String where) {
		return new IllegalArgumentException( "Unknown " + ( model.isEntity() ? "attribute" : "column" ) + " '" + name
				+ "' in the " + where + " for " + describe() + "; valid names: " + model.attributeNames() );
	}

	private IllegalArgumentException differentAttributes(Set<String> first, Set<String> other, int index) {
		Set<String> missing = new TreeSet<>( first );
		missing.removeAll( other );
		Set<String> extra = new TreeSet<>( other );
		extra.removeAll( first );
		return new IllegalArgumentException( "Row " + index + " of the bulk insert into " + describe()
				+ " gives different attributes than row 0: missing " + missing + ", extra " + extra
				+ "; all rows of one bulk insert must give the same attributes (one statement has one column list)."
				+ " Split the rows into groups with the same attributes" );
	}

	private String describe() {
		return ( model.isEntity() ? "entity '" : "collection table '" ) + model.displayName + "'";
	}

	private void requireTransaction() {
		if ( !session.isTransactionInProgress() ) {
			throw new TransactionRequiredException( "INSERT ... ON CONFLICT into " + model.table
					+ " needs an active transaction, as executeUpdate() does; begin one first" );
		}
	}

	private boolean generatedOnInsert(Attribute attribute) {
		Generator generator = attribute.generator;
		return generator != null && attribute != model.version && generator.generatesOnInsert()
				&& ( generator instanceof BeforeExecutionGenerator || generator instanceof OnExecutionGenerator );
	}

	// ---- plan ----

	/** The columns of the statement, in order, and where each row's value for them comes from. */
	private final class Plan {
		final List<Attribute> givenAttributes = new ArrayList<>();
		final List<Column> boundColumns = new ArrayList<>();
		final List<Attribute> generatedBefore = new ArrayList<>();
		boolean generateId;
		boolean seedVersion;
		final List<String[]> sqlColumns = new ArrayList<>();
		final List<KeyPart> key = new ArrayList<>();
		final Set<String> targetAttributes = new LinkedHashSet<>();
		String conflictTarget;
		int[] keyColumnIndexes;
		boolean keyInInput;

		Plan(Set<String> given) {
			for ( Attribute attribute : model.attributes.values() ) {
				if ( given.contains( attribute.name ) && !generatedOnInsert( attribute ) ) {
					givenAttributes.add( attribute );
					boundColumns.addAll( attribute.columns );
				}
			}
			if ( model.isEntity() ) {
				if ( !idGiven() ) {
					Generator generator = model.idGenerator;
					if ( TableModel.generatesOnExecution( generator ) ) {
						// IDENTITY or a default: the column is left out and the database fills it in
					}
					else if ( TableModel.generatesBefore( generator ) ) {
						generateId = true;
						boundColumns.addAll( model.id.columns );
					}
					else {
						throw new IllegalArgumentException( "The identifier '" + model.id.name + "' of " + describe()
								+ " is assigned, not generated: give it in the values" );
					}
				}
				for ( Attribute attribute : model.attributes.values() ) {
					if ( attribute.name.indexOf( '.' ) >= 0 || !generatedOnInsert( attribute ) ) {
						continue;
					}
					// CurrentTimestampGeneration is both kinds: generatedOnExecution() says which one it is now
					if ( TableModel.generatesBefore( attribute.generator ) ) {
						generatedBefore.add( attribute );
						boundColumns.addAll( attribute.columns );
					}
					else {
						String[] values = HibernateCompat.get().referencedColumnValues(
								(OnExecutionGenerator) attribute.generator, dialect, EventType.INSERT );
						if ( values != null ) {
							for ( int i = 0; i < attribute.columns.size(); i++ ) {
								sqlColumns.add( new String[] { attribute.columns.get( i ).quoted(), values[i] } );
							}
						}
					}
				}
				if ( model.version != null && !given.contains( model.version.name ) ) {
					seedVersion = true;
					boundColumns.addAll( model.version.columns );
				}
				if ( model.discriminatorColumn != null ) {
					sqlColumns.add( new String[] { model.discriminatorColumn, model.discriminatorSqlValue } );
				}
			}
			planKey();
		}

		/** Whether the given attributes write every identifier column: the id itself, its @IdClass parts or paths. */
		private boolean idGiven() {
			for ( Column column : model.id.columns ) {
				if ( indexOfColumn( column ) < 0 ) {
					return false;
				}
			}
			return true;
		}

		private void planKey() {
			StringBuilder sql = new StringBuilder();
			if ( target.constraintName() != null ) {
				TableCatalog.UniqueIndex constraint = catalog.constraint( target.constraintName() );
				if ( constraint == null ) {
					throw new ConflictTargetException( "Table " + model.table + " of " + describe()
							+ " has no unique or primary-key constraint named '" + target.constraintName() + "'; "
							+ catalog.describeUniqueIndexes()
							+ ". Hint: ON CONSTRAINT needs a constraint name, not the name of a unique index", null );
				}
				for ( String column : constraint.columns() ) {
					key.add( new KeyPart( columnNamed( column ), null ) );
				}
				sql.append( "ON CONSTRAINT " ).append( Identifiers.quoteExact( constraint.constraintName() ) );
			}
			else {
				if ( target.isPrimaryKey() ) {
					if ( model.isEntity() ) {
						targetAttributes.add( model.id.name );
						for ( Column column : model.id.columns ) {
							key.add( new KeyPart( column, null ) );
						}
					}
					else {
						TableCatalog.UniqueIndex primaryKey = catalog.primaryKey();
						if ( primaryKey == null ) {
							throw new ConflictTargetException( "Table " + model.table + " of " + describe()
									+ " has no primary key; " + catalog.describeUniqueIndexes(), null );
						}
						for ( String column : primaryKey.columns() ) {
							key.add( new KeyPart( columnNamed( column ), null ) );
						}
					}
				}
				else {
					for ( ConflictTarget.Element element : target.elements() ) {
						Attribute attribute = model.attributes.get( element.attribute() );
						if ( attribute == null ) {
							throw unknownAttribute( element.attribute(), "conflict target " + target );
						}
						if ( element.isHStoreKey() ) {
							requireHStore( attribute );
							key.add( new KeyPart( attribute.columns.get( 0 ), element.hstoreKey() ) );
						}
						else {
							targetAttributes.add( attribute.name );
							for ( Column column : attribute.columns ) {
								key.add( new KeyPart( column, null ) );
							}
						}
					}
				}
				sql.append( '(' );
				for ( int i = 0; i < key.size(); i++ ) {
					if ( i > 0 ) {
						sql.append( ", " );
					}
					KeyPart part = key.get( i );
					// an index on an expression is inferred from the same expression, in parentheses
					sql.append( part.expression( "" ) );
				}
				sql.append( ')' );
				if ( target.indexPredicate() != null ) {
					sql.append( " WHERE " ).append( target.indexPredicate() );
				}
			}
			conflictTarget = sql.toString();
			keyColumnIndexes = new int[key.size()];
			keyInInput = true;
			for ( int i = 0; i < key.size(); i++ ) {
				keyColumnIndexes[i] = indexOfColumn( key.get( i ).column );
				keyInInput &= keyColumnIndexes[i] >= 0;
			}
		}

		private int indexOfColumn(Column column) {
			for ( int i = 0; i < boundColumns.size(); i++ ) {
				if ( boundColumns.get( i ).catalogName().equals( column.catalogName() ) ) {
					return i;
				}
			}
			return -1;
		}

		private Column columnNamed(String catalogName) {
			for ( Attribute attribute : model.attributes.values() ) {
				for ( Column column : attribute.columns ) {
					if ( column.catalogName().equals( catalogName ) ) {
						return column;
					}
				}
			}
			return new Column( catalogName, Identifiers.quoteExact( catalogName ), null );
		}

		/** @return the JDBC values of one row, aligned with {@link #boundColumns} */
		Object[] materialize(Map<String, Object> given, Object owner) {
			List<Object> values = new ArrayList<>( boundColumns.size() );
			for ( Attribute attribute : givenAttributes ) {
				attribute.breakDown( given.get( attribute.name ), values, session );
			}
			if ( generateId ) {
				Object id = ( (BeforeExecutionGenerator) model.idGenerator ).generate( session, owner, null, EventType.INSERT );
				model.id.breakDown( id, values, session );
			}
			for ( Attribute attribute : generatedBefore ) {
				Object value = ( (BeforeExecutionGenerator) attribute.generator ).generate( session, owner, null, EventType.INSERT );
				attribute.breakDown( value, values, session );
			}
			if ( seedVersion ) {
				model.version.breakDown( Versioning.seed( model.persister.getVersionMapping(), session ), values, session );
			}
			return values.toArray();
		}

		/** @return the conflict key of a row, or {@code null} when a part of it is NULL (such a row never conflicts) */
		List<Object> keyOf(Object[] row) {
			if ( !keyInInput ) {
				return null;
			}
			// held per row until the call ends: a compact immutable list, not an ArrayList
			Object[] values = new Object[key.size()];
			for ( int i = 0; i < key.size(); i++ ) {
				Object value = row[keyColumnIndexes[i]];
				String hstoreKey = key.get( i ).hstoreKey;
				if ( hstoreKey != null ) {
					value = value instanceof Map<?, ?> map ? map.get( hstoreKey ) : null;
				}
				if ( value == null ) {
					return null;
				}
				values[i] = value instanceof byte[] bytes ? ByteBuffer.wrap( bytes ) : value;
			}
			return List.of( values );
		}
	}

	private static Class<?> wrap(Class<?> type) {
		if ( !type.isPrimitive() ) {
			return type;
		}
		return java.lang.invoke.MethodType.methodType( type ).wrap().returnType();
	}

	private void requireHStore(Attribute attribute) {
		String type = attribute.columns.size() == 1 ? catalog.columnType( attribute.columns.get( 0 ).catalogName() ) : "";
		if ( !type.equals( "hstore" ) && !type.endsWith( ".hstore" ) ) {
			throw new IllegalArgumentException( "Attribute '" + attribute.name + "' of " + describe()
					+ " is not an hstore column (its type is " + ( type.isEmpty() ? "not a single column" : type )
					+ "); hstore keys can only be conflict targets on hstore attributes" );
		}
	}

	// ---- execution ----

	private List<RowResult> execute(List<Map<String, Object>> given, List<?> owners, Mode requested) {
		Plan plan = new Plan( given.get( 0 ).keySet() );
		Mode mode = requested;
		boolean basicId = model.isEntity() && model.persister.getIdentifierMapping() instanceof BasicValuedModelPart;
		if ( mode == Mode.IDS && model.isEntity() && !basicId ) {
			// a composite identifier is assembled by Hibernate from the entity
			mode = Mode.ENTITIES;
		}
		// an entity with columns that are not in its table (@Formula, a union's clazz_) is loaded afterwards
		boolean loadAfter = mode == Mode.ENTITIES && !model.hydratable && basicId;
		if ( loadAfter ) {
			mode = Mode.IDS;
		}
		UpdateClause update = action == ConflictAction.UPDATE ? new UpdateClause( plan ) : null;

		int n = given.size();
		Object[][] rows = new Object[n][];
		boolean[] keyless = new boolean[n];
		Map<List<Object>, Integer> firstWithKey = new HashMap<>( Math.max( 16, (int) ( n / 0.75f ) + 1 ) );
		boolean[] laterDuplicate = new boolean[n];
		for ( int i = 0; i < n; i++ ) {
			rows[i] = plan.materialize( given.get( i ), owners == null ? null : owners.get( i ) );
			List<Object> key = plan.keyOf( rows[i] );
			keyless[i] = key == null;
			if ( key != null ) {
				Integer previous = firstWithKey.putIfAbsent( key, i );
				if ( previous != null ) {
					if ( action == ConflictAction.UPDATE ) {
						throw new DuplicateConflictKeyException( "Rows " + previous + " and " + i
								+ " of the bulk upsert into " + describe() + " propose the same conflict key "
								+ plan.key + " = " + key + "; PostgreSQL cannot update one row twice in one statement."
								+ " Remove or merge the duplicates before the call (for example keep the last row per key)",
								null );
					}
					laterDuplicate[i] = true;
				}
			}
		}

		Set<Object> managedBefore = mode == Mode.ENTITIES ? managedInstances() : Set.of();
		RowResult[] results = new RowResult[n];
		int parametersPerRow = Math.max( 1, plan.boundColumns.size() );
		valuesMaxRows = Math.max( 1, Math.min( MAX_ROWS_PER_STATEMENT,
				( MAX_PARAMETERS - ( update == null ? 0 : update.constantCount ) ) / parametersPerRow ) );
		int maxRows = arrayTypes( plan ) ? MAX_ROWS_PER_ARRAY_STATEMENT : valuesMaxRows;

		int[] batch = new int[n];
		int batchSize = 0;
		List<Integer> alone = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			if ( n > 1 && keyless[i] ) {
				alone.add( i );
			}
			else {
				batch[batchSize++] = i;
			}
		}
		for ( int from = 0; from < batchSize; from += maxRows ) {
			int to = Math.min( batchSize, from + maxRows );
			List<Integer> chunk = new ArrayList<>( to - from );
			for ( int k = from; k < to; k++ ) {
				chunk.add( batch[k] );
			}
			run( plan, update, mode, rows, chunk, results );
		}
		for ( int attempt = 0; ; attempt++ ) {
			boolean[] queued = new boolean[n];
			for ( Integer i : alone ) {
				queued[i] = true;
			}
			for ( int i = 0; i < n; i++ ) {
				if ( results[i] == null && !queued[i] ) {
					alone.add( i );
				}
			}
			if ( alone.isEmpty() ) {
				break;
			}
			if ( attempt == RETRIES ) {
				throw new PersistenceException( "Row " + alone.get( 0 ) + " of the insert into " + describe()
						+ " conflicted with a row it could not read back " + RETRIES + " times (a concurrent transaction"
						+ " keeps deleting or changing it); retry the transaction" );
			}
			List<Integer> retry = new ArrayList<>( alone );
			alone.clear();
			for ( Integer i : retry ) {
				run( plan, update, mode, rows, List.of( i ), results );
			}
		}

		for ( int i = 0; i < n; i++ ) {
			if ( laterDuplicate[i] && results[i].outcome != RowOutcome.UNCHANGED ) {
				results[i] = new RowResult( results[i].id, RowOutcome.UNCHANGED, results[i].entity );
			}
		}
		if ( model.isEntity() && model.persister.canWriteToCache() ) {
			boolean updated = false;
			for ( RowResult result : results ) {
				updated |= result.outcome == RowOutcome.UPDATED;
			}
			if ( updated ) {
				// the statement bypassed the entity cache: evict it, as Hibernate does for native updates
				session.asEventSource().getActionQueue().addAction( new BulkOperationCleanupAction( session, model.persister ) );
			}
		}
		refreshStale( results, mode, managedBefore );
		if ( loadAfter ) {
			for ( int i = 0; i < n; i++ ) {
				RowResult r = results[i];
				results[i] = new RowResult( r.id, r.outcome, session.find( model.persister.getMappedClass(), r.id ) );
			}
			mode = Mode.ENTITIES;
		}
		if ( mode == Mode.ENTITIES ) {
			for ( int i = 0; i < n; i++ ) {
				RowResult r = results[i];
				results[i] = new RowResult( model.persister.getIdentifier( r.entity, session ), r.outcome,
						requested == Mode.ENTITIES ? r.entity : null );
			}
		}
		markLaterRowsOfTheSameRowUnchanged( results );
		if ( model.isEntity() ) {
			List<Object> ids = new ArrayList<>( n );
			List<RowOutcome> outcomes = new ArrayList<>( n );
			List<Object> entities = new ArrayList<>( n );
			for ( RowResult r : results ) {
				ids.add( r.id );
				outcomes.add( r.outcome );
				entities.add( r.entity );
			}
			runtime.conflictInsertListener().rowsWritten( session, model.persister, ids, outcomes, entities );
		}
		return Arrays.asList( results );
	}

	/**
	 * Keys the database takes as equal but Java does not (1.0 and 1.00, citext) slip past the duplicate check: under
	 * NOTHING both rows come back with the first one's row. The database's identifier decides: a later row that
	 * shares it was not inserted.
	 */
	private void markLaterRowsOfTheSameRowUnchanged(RowResult[] results) {
		if ( !model.isEntity() || action != ConflictAction.NOTHING ) {
			return;
		}
		Set<Object> seen = new java.util.HashSet<>();
		for ( int i = 0; i < results.length; i++ ) {
			RowResult r = results[i];
			if ( r.id != null && !seen.add( r.id ) && r.outcome == RowOutcome.INSERTED ) {
				results[i] = new RowResult( r.id, RowOutcome.UNCHANGED, r.entity );
			}
		}
	}

	/** Runs one statement for the given rows; rows it cannot account for stay {@code null} in {@code results}. */
	private void run(Plan plan, UpdateClause update, Mode mode, Object[][] rows, List<Integer> chunk,
			RowResult[] results) {
		boolean single = chunk.size() == 1;
		boolean mayLeaveAlone = action == ConflictAction.NOTHING || where != null;
		if ( !single && !plan.keyInInput ) {
			throw new IllegalStateException( "bulk statement without the key in its input" );
		}
		if ( mayLeaveAlone && !plan.keyInInput ) {
			// the conflicting row cannot be looked up by a key that is not given: it is whatever the default says
			throw new IllegalArgumentException( "The conflict target " + target + " of " + describe()
					+ " is not among the given values; give the target attributes so that a conflicting row can be found" );
		}

		List<Binding> bindings = new ArrayList<>();
		StringBuilder sql = new StringBuilder( 256 + chunk.size() * plan.boundColumns.size() * 32 );

		// the proposed rows, typed by the table's own column types
		sql.append( "WITH pgx_in (" );
		for ( Column column : plan.boundColumns ) {
			sql.append( column.quoted() ).append( ", " );
		}
		List<Binding> arrays = single ? null : columnArrays( plan, rows, chunk );
		if ( arrays == null && chunk.size() > valuesMaxRows ) {
			// a value that does not fit its column's array (see columnArrays): one parameter per value, in smaller chunks
			for ( int from = 0; from < chunk.size(); from += valuesMaxRows ) {
				run( plan, update, mode, rows, chunk.subList( from, Math.min( chunk.size(), from + valuesMaxRows ) ), results );
			}
			return;
		}
		if ( arrays != null ) {
			// one array per column: a handful of bind parameters whatever the number of rows (see columnArrays)
			sql.append( "pgx_ord) AS (SELECT * FROM unnest(" );
			for ( int c = 0; c < arrays.size(); c++ ) {
				sql.append( c == 0 ? "" : ", " ).append( "CAST(? AS " )
						.append( catalog.columnType( plan.boundColumns.get( c ).catalogName() ) ).append( "[])" );
			}
			sql.append( ") WITH ORDINALITY" );
			bindings.addAll( arrays );
		}
		else {
			sql.append( "pgx_ord) AS (VALUES " );
			for ( int r = 0; r < chunk.size(); r++ ) {
				Object[] row = rows[chunk.get( r )];
				sql.append( r == 0 ? "(" : ", (" );
				for ( int c = 0; c < row.length; c++ ) {
					Column column = plan.boundColumns.get( c );
					sql.append( "CAST(? AS " ).append( catalog.columnType( column.catalogName() ) ).append( "), " );
					bindings.add( new Binding( row[c], column.bindType() ) );
				}
				sql.append( r + 1 ).append( ')' );
			}
		}
		sql.append( "), pgx_up AS (INSERT INTO " ).append( model.table ).append( " AS pgx_t (" );
		StringBuilder select = new StringBuilder();
		String separator = "";
		for ( Column column : plan.boundColumns ) {
			sql.append( separator ).append( column.quoted() );
			select.append( separator ).append( column.quoted() );
			separator = ", ";
		}
		for ( String[] sqlColumn : plan.sqlColumns ) {
			sql.append( separator ).append( sqlColumn[0] );
			select.append( separator ).append( sqlColumn[1] );
			separator = ", ";
		}
		if ( separator.isEmpty() ) {
			throw new IllegalArgumentException( "Nothing to insert into " + describe() + ": give at least one attribute" );
		}
		sql.append( ") SELECT " ).append( select ).append( " FROM pgx_in ORDER BY pgx_ord ON CONFLICT " )
				.append( plan.conflictTarget );
		if ( update == null ) {
			sql.append( " DO NOTHING" );
		}
		else {
			sql.append( " DO UPDATE SET " );
			update.render( sql, bindings );
		}
		sql.append( " RETURNING " );
		payload( sql, mode, "pgx_t" );
		keyColumns( sql, plan, "pgx_t" );
		sql.append( "(pgx_t.xmax = 0) AS pgx_inserted) SELECT pgx_up.*, " );
		if ( single ) {
			sql.append( "1 AS pgx_ord FROM pgx_up" );
		}
		else {
			sql.append( "pgx_in.pgx_ord FROM pgx_in JOIN pgx_up ON " );
			joinOnKey( sql, plan, "pgx_up" );
		}
		if ( mayLeaveAlone ) {
			sql.append( " UNION ALL SELECT " );
			payload( sql, mode, "pgx_ex" );
			keyColumns( sql, plan, "pgx_ex" );
			sql.append( "CAST(NULL AS boolean), pgx_in.pgx_ord FROM pgx_in JOIN (SELECT * FROM " ).append( model.table );
			if ( target.indexPredicate() != null ) {
				sql.append( " WHERE " ).append( target.indexPredicate() );
			}
			sql.append( ") pgx_ex ON " );
			for ( int i = 0; i < plan.key.size(); i++ ) {
				sql.append( i > 0 ? " AND " : "" ).append( plan.key.get( i ).on( "pgx_ex" ) ).append( " = " )
						.append( plan.key.get( i ).on( "pgx_in" ) );
			}
			if ( single ) {
				sql.append( " WHERE NOT EXISTS (SELECT 1 FROM pgx_up)" );
			}
			else {
				// NOT IN, not NOT EXISTS: PostgreSQL runs it as a hashed subplan whatever the row estimates. A cached
				// generic plan estimates unnest(...) at 10 rows; made while the table was empty, it answered NOT EXISTS
				// with a nested loop over pgx_up, 25,000,000 comparisons for a chunk of 10,000 rows with 5,000 present
				// (1.2 s against 61 ms, BENCHMARKS.md). Keys of a multi-row chunk are never NULL (such rows run alone)
				// and pgx_up's are filtered, so NOT IN means NOT EXISTS here.
				sql.append( " WHERE " ).append( plan.key.size() > 1 ? "(" : "" );
				for ( int i = 0; i < plan.key.size(); i++ ) {
					sql.append( i > 0 ? ", " : "" ).append( plan.key.get( i ).on( "pgx_in" ) );
				}
				sql.append( plan.key.size() > 1 ? ")" : "" ).append( " NOT IN (SELECT " );
				for ( int i = 0; i < plan.key.size(); i++ ) {
					sql.append( i > 0 ? ", " : "" ).append( "pgx_k" ).append( i );
				}
				sql.append( " FROM pgx_up WHERE " );
				for ( int i = 0; i < plan.key.size(); i++ ) {
					sql.append( i > 0 ? " AND " : "" ).append( "pgx_k" ).append( i ).append( " IS NOT NULL" );
				}
				sql.append( ')' );
			}
		}
		sql.append( " ORDER BY pgx_ord" );

		List<?> resultRows = query( sql.toString(), bindings, mode, plan );
		for ( Object resultRow : resultRows ) {
			Object[] columns = (Object[]) resultRow;
			int ord = ( (Number) columns[columns.length - 1] ).intValue();
			Boolean inserted = (Boolean) columns[columns.length - 2];
			RowOutcome outcome = inserted == null ? RowOutcome.UNCHANGED
					: inserted ? RowOutcome.INSERTED : RowOutcome.UPDATED;
			int index = chunk.get( ord - 1 );
			results[index] = switch ( mode ) {
				case ENTITIES -> new RowResult( null, outcome, columns[0] );
				case IDS -> new RowResult( columns[0], outcome, null );
				case OUTCOMES -> new RowResult( null, outcome, null );
			};
		}
	}

	// ---- proposed rows as column arrays ----

	/**
	 * JDBC types whose values can travel in a PostgreSQL array parameter: Hibernate's array binding converts each
	 * element as it converts a single value, and the driver writes the array's text form. Anything else (hstore,
	 * JSON, binary, native enums, types of extensions) keeps the statement with one parameter per value.
	 */
	private static final Set<Integer> ARRAY_ELEMENT_TYPES = Set.of( SqlTypes.BOOLEAN, SqlTypes.BIT, SqlTypes.TINYINT,
			SqlTypes.SMALLINT, SqlTypes.INTEGER, SqlTypes.BIGINT, SqlTypes.REAL, SqlTypes.FLOAT, SqlTypes.DOUBLE,
			SqlTypes.NUMERIC, SqlTypes.DECIMAL, SqlTypes.CHAR, SqlTypes.NCHAR, SqlTypes.VARCHAR, SqlTypes.NVARCHAR,
			SqlTypes.LONGVARCHAR, SqlTypes.LONGNVARCHAR, SqlTypes.LONG32VARCHAR, SqlTypes.LONG32NVARCHAR, SqlTypes.UUID,
			SqlTypes.TIMESTAMP_UTC, SqlTypes.TIMESTAMP_WITH_TIMEZONE, SqlTypes.DATE, SqlTypes.TIME, SqlTypes.TIMESTAMP );

	/** Local date-times: bound one by one they honour hibernate.jdbc.time_zone, in an array they would not. */
	private static final Set<Integer> LOCAL_TEMPORAL_TYPES = Set.of( SqlTypes.DATE, SqlTypes.TIME, SqlTypes.TIMESTAMP );

	private record ArrayTypeKey(BasicType<?> elementType) {
	}

	/**
	 * The rows of a chunk as one array per column, for {@code unnest(CAST(? AS t1[]), ...) WITH ORDINALITY}; or
	 * {@code null} when a column cannot go into an array, and the chunk goes as {@code VALUES} with a parameter per
	 * value.
	 * <p>
	 * Why: with a parameter per value, a chunk of 2,000 rows of 5 columns is a statement of 10,000 parameters that
	 * Hibernate binds one by one and that the server parses, casts and plans value by value, on every chunk. With
	 * arrays the statement text and its parameter count are the same for every chunk size, whatever the number of
	 * rows, and the server reads each column in one go.
	 */
	private List<Binding> columnArrays(Plan plan, Object[][] rows, List<Integer> chunk) {
		List<Binding> arrays = new ArrayList<>( plan.boundColumns.size() );
		for ( int c = 0; c < plan.boundColumns.size(); c++ ) {
			Column column = plan.boundColumns.get( c );
			BasicType<?> arrayType = arrayType( column );
			if ( arrayType == null ) {
				return null;
			}
			BasicType<?> elementType = column.bindType();
			Class<?> elementClass = elementType.getJavaTypeDescriptor().getJavaTypeClass();
			Object[] values = (Object[]) java.lang.reflect.Array.newInstance( elementClass, chunk.size() );
			for ( int r = 0; r < chunk.size(); r++ ) {
				Object value = rows[chunk.get( r )][c];
				if ( value != null && !elementClass.isInstance( value ) ) {
					// e.g. an Integer given for a Long attribute: bound alone, Hibernate coerces it; here try the same
					try {
						value = elementType.getJavaTypeDescriptor().wrap( value, session );
					}
					catch (RuntimeException e) {
						return null;
					}
					if ( !elementClass.isInstance( value ) ) {
						return null;
					}
				}
				values[r] = value;
			}
			arrays.add( new Binding( values, arrayType ) );
		}
		return arrays.isEmpty() ? null : arrays;
	}

	/** @return whether every bound column has an array type, so that chunks can be as large as arrays allow */
	private boolean arrayTypes(Plan plan) {
		if ( plan.boundColumns.isEmpty() ) {
			return false;
		}
		for ( Column column : plan.boundColumns ) {
			if ( arrayType( column ) == null ) {
				return false;
			}
		}
		return true;
	}

	/** @return Hibernate's array type for the column's bind type, or {@code null} if its values stay one by one */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private BasicType<?> arrayType(Column column) {
		BasicType<?> elementType = column.bindType();
		if ( elementType == null || elementType.getValueConverter() != null
				|| catalog.columnType( column.catalogName() ).endsWith( "]" ) ) {
			// unnest would flatten an array column's values
			return null;
		}
		Class<?> elementClass = elementType.getJavaTypeDescriptor().getJavaTypeClass();
		int code = elementType.getJdbcType().getDefaultSqlTypeCode();
		if ( elementClass == null || elementClass.isPrimitive() || elementClass.isArray()
				|| !ARRAY_ELEMENT_TYPES.contains( code ) && !ARRAY_ELEMENT_TYPES.contains( elementType.getJdbcType().getJdbcTypeCode() )
				|| LOCAL_TEMPORAL_TYPES.contains( code ) && session.getJdbcTimeZone() != null ) {
			return null;
		}
		// resolved once per element type and session factory (the cache cannot hold null: Optional)
		Optional<BasicType<?>> arrayType = runtime.cached( new ArrayTypeKey( elementType ), key -> {
			TypeConfiguration types = session.getFactory().getTypeConfiguration();
			JdbcType arrayJdbcType = types.getJdbcTypeRegistry()
					.resolveTypeConstructorDescriptor( SqlTypes.ARRAY, elementType, null );
			if ( arrayJdbcType == null ) {
				return Optional.empty();
			}
			return Optional.of( types.getBasicTypeRegistry().resolve(
					new ArrayJavaType( elementType.getJavaTypeDescriptor() ), arrayJdbcType ) );
		} );
		return arrayType.orElse( null );
	}

	private void payload(StringBuilder sql, Mode mode, String alias) {
		switch ( mode ) {
			case ENTITIES -> sql.append( alias ).append( ".*, " );
			case IDS -> sql.append( alias ).append( '.' ).append( model.id.columns.get( 0 ).quoted() ).append( " AS pgx_id, " );
			case OUTCOMES -> {
			}
		}
	}

	private static void keyColumns(StringBuilder sql, Plan plan, String alias) {
		for ( int i = 0; i < plan.key.size(); i++ ) {
			sql.append( plan.key.get( i ).on( alias ) ).append( " AS pgx_k" ).append( i ).append( ", " );
		}
	}

	private static void joinOnKey(StringBuilder sql, Plan plan, String alias) {
		for ( int i = 0; i < plan.key.size(); i++ ) {
			sql.append( i > 0 ? " AND " : "" ).append( alias ).append( ".pgx_k" ).append( i ).append( " = " )
					.append( plan.key.get( i ).on( "pgx_in" ) );
		}
	}

	// createNativeQuery(String) and setHibernateFlushMode are deprecated in Hibernate 7 but remain the way to build a
	// native query whose result mapping (an entity plus scalars) is added afterwards
	@SuppressWarnings({ "unchecked", "rawtypes", "deprecation" })
	private List<?> query(String sql, List<Binding> bindings, Mode mode, Plan plan) {
		NativeQuery<?> query = session.createNativeQuery( sql );
		// Hibernate auto-flushes a native query only in a JPA-bootstrapped factory: the call's first statement flushes
		// pending changes always, so it sees them and a refreshed instance loses nothing (MANUAL: the caller flushes).
		// Between the call's own statements nothing else ran and the rows they loaded are clean, so flushing again
		// would only dirty-check every managed entity once per chunk: quadratic for a bulk call returning entities.
		boolean first = statements++ == 0;
		query.setHibernateFlushMode( first && session.getHibernateFlushMode() != FlushMode.MANUAL
				? FlushMode.ALWAYS : FlushMode.MANUAL );
		switch ( mode ) {
			case ENTITIES -> query.addEntity( "pgx_up", model.persister.getEntityName() );
			case IDS -> query.addScalar( "pgx_id", (BasicType) ( (BasicValuedModelPart) model.persister.getIdentifierMapping() ).getJdbcMapping() );
			case OUTCOMES -> {
			}
		}
		query.addScalar( "pgx_inserted", StandardBasicTypes.BOOLEAN );
		query.addScalar( "pgx_ord", StandardBasicTypes.INTEGER );
		for ( int i = 0; i < bindings.size(); i++ ) {
			Binding binding = bindings.get( i );
			if ( binding.type == null ) {
				query.setParameter( i + 1, binding.value );
			}
			else {
				query.setParameter( i + 1, binding.value, (BasicType) binding.type );
			}
		}
		try {
			return query.getResultList();
		}
		catch (RuntimeException e) {
			throw translate( e, plan );
		}
	}

	private RuntimeException translate(RuntimeException e, Plan plan) {
		String state = sqlState( e );
		if ( "42P10".equals( state ) ) {
			session.markForRollbackOnly();
			return new ConflictTargetException( "No unique index or constraint of table " + model.table + " matches the"
					+ " conflict target " + target + " of " + describe() + " (columns " + plan.key + "); "
					+ catalog.describeUniqueIndexes() + ". Hint: the target must name exactly the columns or hstore keys"
					+ " of one unique index, with its WHERE predicate for a partial index", e );
		}
		if ( "21000".equals( state ) ) {
			session.markForRollbackOnly();
			return new DuplicateConflictKeyException( "Two rows of one bulk upsert into " + describe()
					+ " propose the same conflict key " + plan.key + " as the database compares it (for example"
					+ " equal under a case-insensitive type); PostgreSQL cannot update one row twice in one statement."
					+ " Remove or merge the duplicates before the call", e );
		}
		return e;
	}

	private static String sqlState(Throwable e) {
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

	/** Managed instances of this entity type, to refresh those the statement returns stale. */
	private Set<Object> managedInstances() {
		PersistenceContext context = session.getPersistenceContextInternal();
		if ( context.getNumberOfManagedEntities() == 0 ) {
			return Set.of();
		}
		Set<Object> managed = Collections.newSetFromMap( new IdentityHashMap<>() );
		String root = model.persister.getRootEntityName();
		for ( Map.Entry<Object, EntityEntry> entry : context.reentrantSafeEntityEntries() ) {
			if ( entry.getValue().getPersister().getRootEntityName().equals( root ) ) {
				managed.add( entry.getKey() );
			}
		}
		return managed;
	}

	private void refreshStale(RowResult[] results, Mode mode, Set<Object> managedBefore) {
		if ( !model.isEntity() ) {
			return;
		}
		Set<Object> refreshed = Collections.newSetFromMap( new IdentityHashMap<>() );
		PersistenceContext context = session.getPersistenceContextInternal();
		for ( RowResult result : results ) {
			Object stale = null;
			if ( mode == Mode.ENTITIES ) {
				if ( managedBefore.contains( result.entity ) ) {
					stale = result.entity;
				}
			}
			else if ( result.outcome == RowOutcome.UPDATED && context.getNumberOfManagedEntities() > 0 ) {
				stale = context.getEntity( session.generateEntityKey( result.id, model.persister ) );
			}
			if ( stale != null && refreshed.add( stale ) ) {
				session.refresh( stale );
			}
		}
	}

	// ---- DO UPDATE SET ----

	/** {@code SET ... [WHERE ...]}: validated once per call, rendered once per statement. */
	private final class UpdateClause {
		final Map<String, String> assignments = new LinkedHashMap<>();
		final Map<String, ConflictExpression> expressions = new LinkedHashMap<>();
		final Map<String, String> expressionAttributes = new HashMap<>();
		int constantCount;

		UpdateClause(Plan plan) {
			Set<String> givenNames = new LinkedHashSet<>();
			for ( Attribute attribute : plan.givenAttributes ) {
				givenNames.add( attribute.name );
			}
			List<Attribute> overwritten = new ArrayList<>();
			if ( updating != null ) {
				for ( String name : updating ) {
					Attribute attribute = model.attributes.get( name );
					if ( attribute == null ) {
						throw unknownAttribute( name, "updating(...) list" );
					}
					requireUpdatable( attribute );
					if ( !givenNames.contains( name ) ) {
						throw new IllegalArgumentException( "Attribute '" + name + "' of " + describe()
								+ " is listed in updating(...) but not given in the values; updating() overwrites an"
								+ " attribute with its proposed value. Give it, or use set(\"" + name + "\", ...)" );
					}
					overwritten.add( attribute );
				}
			}
			else {
				for ( Attribute attribute : plan.givenAttributes ) {
					if ( attribute == model.id || plan.targetAttributes.contains( attribute.name )
							|| !attribute.updatable || attribute == model.version || coveredByKey( attribute, plan ) ) {
						continue;
					}
					overwritten.add( attribute );
				}
			}
			for ( Attribute attribute : overwritten ) {
				for ( Column column : attribute.columns ) {
					assignments.put( column.quoted(), "EXCLUDED." + column.quoted() );
				}
			}
			// generated on update (@UpdateTimestamp): the proposed row holds a fresh value
			for ( Attribute attribute : model.attributes.values() ) {
				Generator generator = attribute.generator;
				if ( attribute.name.indexOf( '.' ) >= 0 || generator == null || attribute == model.version
						|| !generator.generatesOnUpdate() || !attribute.updatable ) {
					continue;
				}
				if ( plan.generatedBefore.contains( attribute ) ) {
					for ( Column column : attribute.columns ) {
						assignments.put( column.quoted(), "EXCLUDED." + column.quoted() );
					}
				}
				else if ( TableModel.generatesOnExecution( generator ) ) {
					String[] values = HibernateCompat.get().referencedColumnValues( (OnExecutionGenerator) generator,
							dialect, EventType.UPDATE );
					for ( int i = 0; values != null && i < attribute.columns.size(); i++ ) { // null: the database fills it
						assignments.put( attribute.columns.get( i ).quoted(), values[i] );
					}
				}
			}
			for ( Map.Entry<String, ConflictExpression> entry : sets.entrySet() ) {
				Attribute attribute = model.attributes.get( entry.getKey() );
				if ( attribute == null ) {
					throw unknownAttribute( entry.getKey(), "set(...)" );
				}
				requireUpdatable( attribute );
				singleColumn( attribute, "set(...)" );
				assignments.remove( attribute.columns.get( 0 ).quoted() );
				expressions.put( attribute.columns.get( 0 ).quoted(), entry.getValue() );
				expressionAttributes.put( attribute.columns.get( 0 ).quoted(), attribute.name );
				constantCount += countConstants( entry.getValue() );
			}
			if ( model.version != null && !expressions.containsKey( model.version.columns.get( 0 ).quoted() ) ) {
				Column column = model.version.columns.get( 0 );
				boolean numeric = Number.class.isAssignableFrom( model.version.javaType )
						|| model.version.javaType.isPrimitive();
				assignments.put( column.quoted(), numeric ? "pgx_t." + column.quoted() + " + 1" : "EXCLUDED." + column.quoted() );
			}
			if ( assignments.isEmpty() && expressions.isEmpty() ) {
				// only the target was given: a no-op update still locks and returns the row (as the seed does)
				Column column = plan.key.get( 0 ).column;
				assignments.put( column.quoted(), "pgx_t." + column.quoted() );
			}
			if ( where != null ) {
				constantCount += countConstants( where );
				// validate attribute names before any SQL is sent
				Expressions.render( where, new StringBuilder(), renderer( new ArrayList<>() ) );
			}
			for ( Map.Entry<String, ConflictExpression> expression : expressions.entrySet() ) {
				Expressions.render( expression.getValue(), new StringBuilder(), renderer( new ArrayList<>() ),
						expressionAttributes.get( expression.getKey() ) );
			}
		}

		private boolean coveredByKey(Attribute attribute, Plan plan) {
			if ( attribute.columns.isEmpty() || target.elements().stream().anyMatch( ConflictTarget.Element::isHStoreKey ) ) {
				return false;
			}
			for ( Column column : attribute.columns ) {
				boolean inKey = false;
				for ( KeyPart part : plan.key ) {
					inKey |= part.hstoreKey == null && part.column.catalogName().equals( column.catalogName() );
				}
				if ( !inKey ) {
					return false;
				}
			}
			return true;
		}

		void render(StringBuilder sql, List<Binding> bindings) {
			String separator = "";
			for ( Map.Entry<String, String> assignment : assignments.entrySet() ) {
				sql.append( separator ).append( assignment.getKey() ).append( " = " ).append( assignment.getValue() );
				separator = ", ";
			}
			Expressions.Renderer renderer = renderer( bindings );
			for ( Map.Entry<String, ConflictExpression> expression : expressions.entrySet() ) {
				sql.append( separator ).append( expression.getKey() ).append( " = " );
				Expressions.render( expression.getValue(), sql, renderer, expressionAttributes.get( expression.getKey() ) );
				separator = ", ";
			}
			if ( where != null ) {
				sql.append( " WHERE " );
				Expressions.render( where, sql, renderer );
			}
		}

		private Expressions.Renderer renderer(List<Binding> bindings) {
			return new Expressions.Renderer() {
				@Override
				public String existing(String attribute) {
					return "pgx_t." + column( attribute );
				}

				@Override
				public String excluded(String attribute) {
					return "EXCLUDED." + column( attribute );
				}

				@Override
				public void constant(StringBuilder sql, Object value, String attributeName) {
					Attribute attribute = attributeName == null ? null : model.attributes.get( attributeName );
					if ( attribute != null && attribute.columns.size() == 1 && value != null
							&& wrap( attribute.javaType ).isInstance( value ) ) {
						// bound as the attribute's own values are: converter, enum representation, column type
						List<Object> jdbc = new ArrayList<>( 1 );
						attribute.breakDown( value, jdbc, session );
						Column column = attribute.columns.get( 0 );
						sql.append( "CAST(? AS " ).append( catalog.columnType( column.catalogName() ) ).append( ')' );
						bindings.add( new Binding( jdbc.get( 0 ), column.bindType() ) );
					}
					else if ( value == null ) {
						sql.append( "NULL" );
					}
					else {
						sql.append( '?' );
						bindings.add( new Binding( value, null ) );
					}
				}
			};
		}

		private String column(String name) {
			Attribute attribute = model.attributes.get( name );
			if ( attribute == null ) {
				throw unknownAttribute( name, "conflict expression" );
			}
			singleColumn( attribute, "an expression" );
			return attribute.columns.get( 0 ).quoted();
		}

		private void requireUpdatable(Attribute attribute) {
			if ( !attribute.updatable || attribute == model.id ) {
				throw new IllegalArgumentException( "Attribute '" + attribute.name + "' of " + describe()
						+ " is not updatable (the identifier, updatable = false, or a formula); it cannot be set on conflict" );
			}
		}

		private void singleColumn(Attribute attribute, String where) {
			if ( attribute.columns.size() != 1 ) {
				throw new IllegalArgumentException( "Attribute '" + attribute.name + "' of " + describe() + " maps "
						+ attribute.columns.size() + " columns; " + where + " takes a single-column attribute,"
						+ " e.g. one attribute of an embeddable (\"" + attribute.name + ".x\")" );
			}
		}

		private int countConstants(Object expression) {
			List<Binding> counted = new ArrayList<>();
			Expressions.render( expression, new StringBuilder(), renderer( counted ) );
			return counted.size();
		}
	}
}

package io.pgextra.hibernate.internal.conflict;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.ConflictTargetException;
import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.conflict.TableModel.Attribute;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.internal.Versioning;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.Generator;
import org.hibernate.generator.OnExecutionGenerator;
import org.hibernate.generator.internal.TenantIdGeneration;

/**
 * The plan of a call: the columns of the statement, in order, where each row's value for them comes from (given,
 * generated before the statement, or written by SQL), and the conflict key. Also turns one row of attribute values
 * into the JDBC values of those columns ({@link #materialize}) and reads its conflict key ({@link #keyOf}).
 */
final class ConflictPlan {

	/** One part of the conflict key: a column, or one key of an hstore column. */
	record KeyPart(Column column, String hstoreKey) {
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

	private final ConflictCall call;
	final List<Attribute> givenAttributes = new ArrayList<>();
	final List<Column> boundColumns = new ArrayList<>();
	/** The attribute that writes each of {@link #boundColumns}, for messages. */
	final List<Attribute> boundAttributes = new ArrayList<>();
	final List<Attribute> generatedBefore = new ArrayList<>();
	boolean generateId;
	/** The call's sequence values fetched at once, or {@code null}: the generator fetches them ({@link #prefetchIds}). */
	private SequenceIds sequenceIds;
	boolean seedVersion;
	/** Columns whose value is SQL (a database-generated value, the discriminator): {column, SQL}. */
	final List<String[]> sqlColumns = new ArrayList<>();
	final List<KeyPart> key = new ArrayList<>();
	final Set<String> targetAttributes = new LinkedHashSet<>();
	String conflictTarget;
	int[] keyColumnIndexes;
	boolean keyInInput;
	/**
	 * The identifier's columns, when every row gives them (assigned, or generated before the statement): rows whose
	 * conflict key has a NULL cannot be matched back by key, but can be by identifier.
	 */
	List<KeyPart> idKey;

	ConflictPlan(ConflictCall call, Set<String> given) {
		this.call = call;
		TableModel model = call.model;
		for ( Attribute attribute : model.attributes.values() ) {
			if ( given.contains( attribute.name ) && !RowInput.generatedOnInsert( model, attribute ) ) {
				givenAttributes.add( attribute );
				bind( attribute );
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
					bind( model.id );
				}
				else {
					throw new IllegalArgumentException( "The identifier '" + model.id.name + "' of " + call.describe()
							+ " is assigned, not generated: give it in the values" );
				}
			}
			for ( Attribute attribute : model.attributes.values() ) {
				if ( attribute.name.indexOf( '.' ) >= 0 || !RowInput.generatedOnInsert( model, attribute ) ) {
					continue;
				}
				// CurrentTimestampGeneration is both kinds: generatedOnExecution() says which one it is now
				if ( TableModel.generatesBefore( attribute.generator ) ) {
					generatedBefore.add( attribute );
					bind( attribute );
				}
				else {
					String[] values = sqlValues( (OnExecutionGenerator) attribute.generator, call.dialect, EventType.INSERT );
					if ( values != null ) {
						for ( int i = 0; i < attribute.columns.size(); i++ ) {
							sqlColumns.add( new String[] { attribute.columns.get( i ).quoted(), values[i] } );
						}
					}
				}
			}
			if ( model.version != null && !given.contains( model.version.name ) ) {
				seedVersion = true;
				bind( model.version );
			}
			if ( model.discriminatorColumn != null ) {
				sqlColumns.add( new String[] { model.discriminatorColumn, model.discriminatorSqlValue } );
			}
		}
		planKey();
		if ( model.isEntity() ) {
			requireTenantInKey();
		}
		// only if a NULL in the key really never conflicts: no NULLS NOT DISTINCT index (a conflicting row would be
		// written by the batch, not matched, and written again when retried alone)
		if ( model.isEntity() && idGiven() && keyInInput && !call.catalog.anyNullsNotDistinct() ) {
			idKey = new ArrayList<>();
			for ( Column column : model.id.columns ) {
				idKey.add( new KeyPart( column, null ) );
			}
		}
		for ( Column column : boundColumns ) {
			if ( !call.catalog.columnTypes.containsKey( column.catalogName() ) ) {
				// a column added by a migration since the catalog was cached: read it again (once)
				call.reloadCatalog();
				break;
			}
		}
	}

	/**
	 * A unique index without the {@code @TenantId} column spans tenants: the statement would update, or return, a
	 * row of another tenant (persist and merge never see such rows).
	 */
	private void requireTenantInKey() {
		Attribute tenant = tenantAttribute();
		if ( tenant == null ) {
			return;
		}
		for ( Column column : tenant.columns ) {
			boolean inKey = false;
			for ( KeyPart part : key ) {
				inKey |= part.hstoreKey() == null && part.column().catalogName().equals( column.catalogName() );
			}
			if ( !inKey ) {
				throw new IllegalArgumentException( "The conflict target " + conflictTargetDescription() + " of "
						+ call.describe() + " does not include its @TenantId '" + tenant.name + "' (column "
						+ column.quoted() + "): its unique index spans tenants, so the upsert could update or return"
						+ " another tenant's row. Target a unique index that includes the tenant column, e.g."
						+ " ConflictTarget.attributes(\"" + tenant.name + "\", ...) for UNIQUE (" + column.quoted()
						+ ", ...)" );
			}
		}
	}

	private boolean tenantGiven(Attribute attribute) {
		if ( !call.model.isEntity() ) {
			return false;
		}
		return attribute == tenantAttribute();
	}

	/**
	 * @return the entity's {@code @TenantId} attribute, or {@code null}: the one Hibernate fills with its tenant
	 * generator, on every supported line ({@code EntityPersister.getTenantIdMapping()} exists only from 7.4)
	 */
	private Attribute tenantAttribute() {
		for ( Attribute attribute : call.model.attributes.values() ) {
			if ( attribute.generator instanceof TenantIdGeneration ) {
				return attribute;
			}
		}
		return null;
	}

	private String conflictTargetDescription() {
		List<String> columns = new ArrayList<>();
		for ( KeyPart part : key ) {
			columns.add( part.hstoreKey() == null ? part.column().quoted()
					: part.column().quoted() + " -> '" + part.hstoreKey() + "'" );
		}
		return "(" + String.join( ", ", columns ) + ")";
	}

	private void bind(Attribute attribute) {
		for ( Column column : attribute.columns ) {
			boundColumns.add( column );
			boundAttributes.add( attribute );
		}
	}

	/**
	 * The SQL a database-generated value is written with on the given event ({@code current_timestamp}, ...), or
	 * {@code null} when the generator leaves the column out of the statement. The only place that asks a generator
	 * for its SQL: its signature moved between Hibernate versions.
	 */
	static String[] sqlValues(OnExecutionGenerator generator, Dialect dialect, EventType event) {
		return HibernateCompat.get().referencedColumnValues( generator, dialect, event );
	}

	/** Whether the given attributes write every identifier column: the id itself, its @IdClass parts or paths. */
	private boolean idGiven() {
		for ( Column column : call.model.id.columns ) {
			if ( indexOfColumn( column ) < 0 ) {
				return false;
			}
		}
		return true;
	}

	private void planKey() {
		TableModel model = call.model;
		TableCatalog catalog = call.catalog;
		ConflictTarget target = call.target;
		StringBuilder sql = new StringBuilder();
		if ( target.constraintName() != null ) {
			TableCatalog.UniqueIndex constraint = catalog.constraint( target.constraintName() );
			if ( constraint == null ) {
				throw new ConflictTargetException( "Table " + model.table + " of " + call.describe()
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
						throw new ConflictTargetException( "Table " + model.table + " of " + call.describe()
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
						throw call.unknownAttribute( element.attribute(), "conflict target " + target );
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
		for ( KeyPart part : key ) {
			String transformer = call.model.writeTransformers.get( part.column().catalogName() );
			if ( transformer != null ) {
				throw new IllegalArgumentException( "Column \"" + part.column().catalogName() + "\" of " + call.describe()
						+ " is part of the conflict target " + target + " and has @ColumnTransformer(write = \""
						+ transformer + "\"): the key would be stored transformed, and rows could not be matched back"
						+ " to their input by it. Transform the value before the call, or choose another target" );
			}
		}
		if ( target.constraintName() == null && !matchesAUniqueIndex( call.catalog )
				&& !matchesAUniqueIndex( call.reloadCatalog() ) ) {
			// PostgreSQL would refuse it (42P10), and Hibernate would log its error as a WARN first; on a partitioned
			// table the message says why its unique indexes differ (they must include the partition key)
			throw call.noMatchingIndex( key, null );
		}
		keyColumnIndexes = new int[key.size()];
		keyInInput = true;
		for ( int i = 0; i < key.size(); i++ ) {
			keyColumnIndexes[i] = indexOfColumn( key.get( i ).column );
			keyInInput &= keyColumnIndexes[i] >= 0;
		}
	}

	/**
	 * Whether a unique index of the table may be inferred from the target, by PostgreSQL's rule: the same set of
	 * columns, and, for a partial index, a target with a predicate. Keys with hstore parts (expression indexes) are
	 * left to PostgreSQL.
	 */
	private boolean matchesAUniqueIndex(TableCatalog catalog) {
		Set<String> columns = new java.util.HashSet<>();
		for ( KeyPart part : key ) {
			if ( part.hstoreKey() != null ) {
				return true;
			}
			columns.add( part.column().catalogName() );
		}
		for ( TableCatalog.UniqueIndex index : catalog.uniqueIndexes ) {
			if ( !index.columns().contains( null ) && new java.util.HashSet<>( index.columns() ).equals( columns )
					&& ( index.predicate() == null || call.target.indexPredicate() != null ) ) {
				return true;
			}
		}
		return false;
	}

	private void requireHStore(Attribute attribute) {
		String type = attribute.columns.size() == 1 ? call.catalog.columnType( attribute.columns.get( 0 ).catalogName() ) : "";
		if ( !type.equals( "hstore" ) && !type.endsWith( ".hstore" ) ) {
			throw new IllegalArgumentException( "Attribute '" + attribute.name + "' of " + call.describe()
					+ " is not an hstore column (its type is " + ( type.isEmpty() ? "not a single column" : type )
					+ "); hstore keys can only be conflict targets on hstore attributes" );
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
		for ( Attribute attribute : call.model.attributes.values() ) {
			for ( Column column : attribute.columns ) {
				if ( column.catalogName().equals( catalogName ) ) {
					return column;
				}
			}
		}
		return new Column( catalogName, Identifiers.quoteExact( catalogName ), null );
	}

	/**
	 * Fetches the sequence values that the ids of {@code rows} rows need in one round trip ({@link SequenceIds}),
	 * when the call generates ids from a sequence; {@link #materialize} then hands them out.
	 */
	void prefetchIds(int rows) {
		if ( generateId ) {
			sequenceIds = SequenceIds.prefetch( call.session, call.model.idGenerator,
					call.model.persister.getIdentifierType().getReturnedClass(), rows );
		}
	}

	/**
	 * @param index the row's position in the call, for messages
	 * @return the JDBC values of one row, aligned with {@link #boundColumns}
	 */
	Object[] materialize(Map<String, Object> given, Object owner, int index) {
		TableModel model = call.model;
		List<Object> values = new ArrayList<>( boundColumns.size() );
		for ( Attribute attribute : givenAttributes ) {
			Object value = given.get( attribute.name );
			try {
				attribute.breakDown( value, values, call.session );
			}
			catch (RuntimeException e) {
				// a converter or an enum given a value of another type: ClassCastException, CoercionException, ...
				throw ValueConverter.cannotConvert( call, attribute, index, value, e );
			}
		}
		if ( generateId ) {
			Object id = sequenceIds != null ? sequenceIds.next()
					: ( (BeforeExecutionGenerator) model.idGenerator ).generate( call.session, owner, null, EventType.INSERT );
			model.id.breakDown( id, values, call.session );
		}
		for ( Attribute attribute : generatedBefore ) {
			// @TenantId: a given tenant goes to the generator, which refuses another tenant than the session's, as
			// persist does (otherwise the given value would be silently replaced)
			Object current = tenantGiven( attribute ) ? given.get( attribute.name ) : null;
			Object value;
			try {
				value = ( (BeforeExecutionGenerator) attribute.generator ).generate( call.session, owner, current, EventType.INSERT );
			}
			catch (RuntimeException e) {
				if ( current == null ) {
					throw e;
				}
				throw new IllegalArgumentException( "Row " + index + " of the insert into " + call.describe()
						+ ": its @TenantId '" + attribute.name + "' is given '" + current + "', not the session's"
						+ " tenant '" + call.session.getTenantIdentifierValue() + "' (" + e.getMessage() + ");"
						+ " nothing was written. Leave the tenant out (the session's is written), or open a session"
						+ " for that tenant", e );
			}
			attribute.breakDown( value, values, call.session );
		}
		if ( seedVersion ) {
			model.version.breakDown( Versioning.seed( model.persister.getVersionMapping(), call.session ), values, call.session );
		}
		return values.toArray();
	}

	/** @return the conflict key of a row, or {@code null} when a part of it is NULL (such a row never conflicts) */
	List<Object> keyOf(Object[] row) {
		Object key = keyObject( row );
		return key == null ? null : key instanceof KeyParts parts ? parts : List.of( key );
	}

	/**
	 * A key of several parts, as {@link #keyObject} gives it: a list, so that it equals any other list of the same
	 * values (the keys {@link ResultReader} reads back).
	 */
	static final class KeyParts extends java.util.AbstractList<Object> implements java.util.RandomAccess {
		private final Object[] values;

		KeyParts(Object[] values) {
			this.values = values;
		}

		@Override
		public Object get(int index) {
			return values[index];
		}

		@Override
		public int size() {
			return values.length;
		}
	}

	/**
	 * The conflict key of a row as one object, held per row for the whole call (duplicate check, key order, matching
	 * the returned rows): the value itself for a key of one part (a {@link ByteBuffer} for a byte[]), a
	 * {@link KeyParts} list for several; {@code null} when a part is NULL (such a row never conflicts). Why not a
	 * list always: for a million rows, a million small lists, and every hash and comparison going through one.
	 */
	Object keyObject(Object[] row) {
		if ( !keyInInput ) {
			return null;
		}
		if ( key.size() == 1 ) {
			Object value = row[keyColumnIndexes[0]];
			String hstoreKey = key.get( 0 ).hstoreKey;
			if ( hstoreKey != null ) {
				value = value instanceof Map<?, ?> map ? map.get( hstoreKey ) : null;
			}
			return value instanceof byte[] bytes ? ByteBuffer.wrap( bytes ) : value;
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
		return new KeyParts( values );
	}
}

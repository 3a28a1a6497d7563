package io.pgextra.hibernate.internal.hstore;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.hstore.MutableHStoreType;
import io.pgextra.hibernate.internal.compat.HibernateCompat;

import org.hibernate.AnnotationException;
import org.hibernate.boot.ResourceStreamLocator;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.spi.AdditionalMappingContributions;
import org.hibernate.boot.spi.AdditionalMappingContributor;
import org.hibernate.boot.spi.InFlightMetadataCollector;
import org.hibernate.boot.spi.MetadataBuildingContext;
import org.hibernate.cfg.MappingSettings;
import org.hibernate.mapping.BasicValue;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.SimpleValue;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UnionSubclass;
import org.hibernate.mapping.Value;
import org.hibernate.type.CustomType;
import org.hibernate.type.Type;

import org.jboss.logging.Logger;

/**
 * Reads {@link HStoreUnique} and {@link HStoreRequired} from the bound entities and contributes their indexes and
 * check constraints to the relational model, as {@linkplain HStoreConstraint auxiliary database objects}.
 * <p>
 * An {@link AdditionalMappingContributor} (found through {@code META-INF/services}, as Hibernate Envers does) rather
 * than an {@code Integrator}: it runs whenever metadata is built, so the objects are part of the model that every
 * schema action sees, {@code Persistence.generateSchema} and script generation included, not only when a
 * {@code SessionFactory} starts. It runs after the entities are bound, so properties, columns and tables are known.
 * <p>
 * It also makes hstore values mutable: an attribute mapped with Hypersistence Utils' {@code PostgreSQLHStoreType},
 * whose snapshot is the very map the entity holds, gets {@link MutableHStoreType} instead, so that edits made to the
 * map in place are flushed. And an hstore column without a {@code columnDefinition} gets the type {@code hstore}.
 * <p>
 * Every problem of every entity is collected and reported in one {@link AnnotationException}.
 * <p>
 * Declarations are told apart by table, column, kind and key set: the same one met twice (a {@code SINGLE_TABLE}
 * hierarchy, a {@code TABLE_PER_CLASS} closure) is one index or check. Names are given once all are known, since
 * PostgreSQL's index names are per schema: see {@link #name}.
 */
public final class HStoreMappingContributor implements AdditionalMappingContributor {

	private static final Logger LOG = Logger.getLogger( HStoreMappingContributor.class );

	/** Known by name: Hypersistence Utils is optional. */
	static final String HYPERSISTENCE_HSTORE_TYPE = "io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType";

	@Override
	public void contribute(AdditionalMappingContributions contributions, InFlightMetadataCollector metadata,
			ResourceStreamLocator resourceStreamLocator, MetadataBuildingContext buildingContext) {
		HibernateCompat.get(); // fails on an unsupported Hibernate, in one sentence
		Object defaultSchema = buildingContext.getBootstrapContext().getConfigurationService().getSettings()
				.get( MappingSettings.DEFAULT_SCHEMA );
		Scan scan = new Scan( defaultSchema instanceof String schema && !schema.isBlank()
				? catalogName( Identifier.toIdentifier( schema ) ) : null );
		scan.entities( metadata );
		scan.strayAnnotations();
		List<HStoreConstraint> constraints = name( List.copyOf( scan.declarations.values() ), scan.problems );
		if ( !scan.problems.isEmpty() ) {
			StringBuilder message = new StringBuilder( "Invalid hstore constraints (" ).append( scan.problems.size() )
					.append( scan.problems.size() == 1 ? " problem):" : " problems):" );
			for ( String problem : scan.problems ) {
				message.append( "\n  - " ).append( problem );
			}
			throw new AnnotationException( message.toString() );
		}
		if ( scan.hstoreColumns ) {
			contributions.contributeAuxiliaryDatabaseObject( new HStoreExtension() );
		}
		for ( HStoreConstraint constraint : constraints ) {
			contributions.contributeAuxiliaryDatabaseObject( constraint );
		}
	}

	/**
	 * Names the declarations: django-postgres-extra's name, unless a {@linkplain Declaration#conflictsWith different
	 * declaration} that may be in the same schema has the same one, when each of them gets a
	 * {@linkplain HStoreSql#distinctName distinct name} instead, from its table, column, kind and keys. Index names are
	 * unique per schema, so a second {@code create index} of a name would fail (and {@code create} ignores the
	 * error); check names need only be unique per table, but one rule for both keeps every name of a schema telling
	 * which declaration it is. A table without a schema, when no default schema is set, is in whichever schema the
	 * connection's {@code search_path} gives, so it may share one with any table.
	 *
	 * @param problems gets a sentence for each name that is still shared, which only a hash collision (or a key that
	 * ends like a hash) can cause
	 */
	static List<HStoreConstraint> name(List<Declaration> declarations, List<String> problems) {
		Map<String, List<Declaration>> byName = new LinkedHashMap<>();
		for ( Declaration declaration : declarations ) {
			byName.computeIfAbsent( HStoreSql.name( declaration.raw() ), n -> new ArrayList<>() ).add( declaration );
		}
		// by identity, so that the same table, column and keys in two schemas (possibly one table) get one name
		Set<String> shared = new HashSet<>();
		for ( Declaration declaration : declarations ) {
			for ( Declaration other : byName.get( HStoreSql.name( declaration.raw() ) ) ) {
				if ( other.conflictsWith( declaration ) ) {
					shared.add( declaration.identity() );
				}
			}
		}
		List<String> names = new ArrayList<>();
		Map<String, List<Declaration>> byFinalName = new LinkedHashMap<>();
		for ( Declaration declaration : declarations ) {
			String name = shared.contains( declaration.identity() )
					? HStoreSql.distinctName( declaration.raw(), declaration.identity() )
					: HStoreSql.name( declaration.raw() );
			names.add( name );
			byFinalName.computeIfAbsent( name, n -> new ArrayList<>() ).add( declaration );
		}
		List<HStoreConstraint> constraints = new ArrayList<>();
		for ( int i = 0; i < declarations.size(); i++ ) {
			Declaration declaration = declarations.get( i );
			String name = names.get( i );
			HStoreConstraint constraint = declaration.constraint( name );
			for ( Declaration other : byFinalName.get( name ) ) {
				if ( other == declaration ) {
					break; // report each pair once, at its second declaration
				}
				if ( other.conflictsWith( declaration ) ) {
					problems.add( "the " + constraint.what() + " of " + constraint.declaration() + " and the "
							+ other.constraint( name ).what() + " of " + other.constraint( name ).declaration()
							+ " would both be named \"" + name + "\" in one schema; rename one of the keys, columns or"
							+ " tables" );
				}
			}
			constraints.add( constraint );
		}
		return constraints;
	}

	/**
	 * One {@code @HStoreUnique}, or one key of an {@code @HStoreRequired}, of one table, before it is named.
	 *
	 * @param schema the table's schema as in the catalog, or {@code null} when it is the connection's current one
	 * @param tableName the table's name as in the catalog
	 * @param columnName the column's name as in the catalog
	 */
	record Declaration(HStoreConstraint.Kind kind, Table table, Column column, List<String> keys,
			List<String> columns, String schema, String tableName, String columnName, String entityName,
			String attribute) {

		/** @return django-postgres-extra's name, unreduced; plain columns of the index come before the keys */
		String raw() {
			List<String> parts = new ArrayList<>( columns );
			parts.addAll( keys );
			return kind == HStoreConstraint.Kind.UNIQUE ? HStoreSql.uniqueRaw( tableName, columnName, parts )
					: HStoreSql.requiredRaw( tableName, columnName, keys.get( 0 ) );
		}

		/**
		 * @return table, column, kind and keys joined with NUL, which neither a name nor a key can hold. Not the
		 * schema: two declarations that differ only by it are either in different schemas, where a name may repeat,
		 * or the same index or check of one table; so the name does not depend on {@code hibernate.default_schema}
		 */
		String identity() {
			StringBuilder sb = new StringBuilder( tableName ).append( '\0' ).append( columnName ).append( '\0' )
					.append( kind.name().toLowerCase( Locale.ROOT ) );
			if ( !columns.isEmpty() ) {
				// "unique(n)" cannot be a kind of a declaration without columns: their identities stay as they were
				sb.append( '(' ).append( columns.size() ).append( ')' );
				for ( String plain : columns ) {
					sb.append( '\0' ).append( plain );
				}
			}
			for ( String key : keys ) {
				sb.append( '\0' ).append( key );
			}
			return sb.toString();
		}

		/**
		 * @return what makes two declarations the same index or check: schema, table, column, kind and the keys as a
		 * set, since an index over the same keys in another order enforces the same
		 */
		String sameness() {
			StringBuilder sb = new StringBuilder( schema == null ? "" : schema ).append( '\0' ).append( tableName )
					.append( '\0' ).append( columnName ).append( '\0' ).append( kind.name() );
			if ( !columns.isEmpty() ) {
				sb.append( '(' ).append( columns.size() ).append( ')' );
				for ( String plain : new TreeSet<>( columns ) ) {
					sb.append( '\0' ).append( plain );
				}
			}
			for ( String key : new TreeSet<>( keys ) ) {
				sb.append( '\0' ).append( key );
			}
			return sb.toString();
		}

		/**
		 * @return whether both may be in one schema and are different there, so must not share a name. Schemas are
		 * compared ignoring case: a wrong "may" only costs a hash in the names
		 */
		boolean conflictsWith(Declaration other) {
			return other != this && !identity().equals( other.identity() )
					&& ( schema == null || other.schema == null || schema.equalsIgnoreCase( other.schema ) );
		}

		HStoreConstraint constraint(String name) {
			return new HStoreConstraint( kind, table, column, keys, columns, name, entityName, attribute );
		}
	}

	private static String catalogName(Identifier identifier) {
		// PostgreSQL folds unquoted names to lower case
		return identifier.isQuoted() ? identifier.getText() : identifier.getText().toLowerCase( Locale.ROOT );
	}

	/** The state of one metadata build. */
	private static final class Scan {
		final List<String> problems = new ArrayList<>();
		/** By {@link Declaration#sameness()}. */
		final Map<String, Declaration> declarations = new LinkedHashMap<>();
		/** {@code hibernate.default_schema} as in the catalog, or {@code null} when none is set. */
		final String defaultSchema;
		/** Members whose annotations were read as those of a mapped attribute. */
		final Set<Member> read = new HashSet<>();
		/** Classes whose members may carry annotations: entities, their superclasses, embeddables. */
		final Set<Class<?>> classes = new LinkedHashSet<>();
		boolean hstoreColumns;

		Scan(String defaultSchema) {
			this.defaultSchema = defaultSchema;
		}

		void entities(InFlightMetadataCollector metadata) {
			for ( PersistentClass entity : metadata.getEntityBindings() ) {
				Class<?> mappedClass = entity.getMappedClass();
				for ( Class<?> c = mappedClass; c != null && c != Object.class; c = c.getSuperclass() ) {
					classes.add( c );
				}
				// a TABLE_PER_CLASS subclass repeats the inherited columns in its own table
				boolean union = entity instanceof UnionSubclass;
				for ( Property property : union ? entity.getPropertyClosure() : entity.getProperties() ) {
					property( entity, mappedClass, property, property.getName(), union ? entity.getTable() : null );
				}
			}
			for ( Collection collection : metadata.getCollectionBindings() ) {
				collectionValue( collection.getElement(), collection::setElement );
			}
		}

		/**
		 * Makes the hstore values of a collection table's element mutable, and asks for the extension, like those of
		 * an entity. Their annotations are not read, only reported ({@link #strayAnnotations()}): a collection
		 * table's rows are not entities, and a unique key over them would also span the rows of every owner.
		 */
		private void collectionValue(Value value, Consumer<Value> replace) {
			if ( value instanceof Component component ) {
				if ( component.getComponentClass() != null ) {
					classes.add( component.getComponentClass() );
				}
				for ( Property property : component.getProperties() ) {
					collectionValue( property.getValue(), property::setValue );
				}
			}
			else if ( value instanceof BasicValue basic ) {
				Column column = hstoreColumn( basic );
				if ( column != null ) {
					hstoreColumns = true;
					mutable( basic, column, replace );
				}
			}
		}

		private void property(PersistentClass entity, Class<?> owner, Property property, String path, Table table) {
			Value value = property.getValue();
			AnnotatedElement element = annotatedElement( property, value, owner );
			HStoreUnique[] uniques = element == null ? new HStoreUnique[0] : element.getAnnotationsByType( HStoreUnique.class );
			HStoreRequired required = element == null ? null : element.getAnnotation( HStoreRequired.class );
			if ( element instanceof Member member ) {
				read.add( member );
			}
			if ( value instanceof Component component ) {
				if ( uniques.length > 0 || required != null ) {
					problems.add( where( entity, path ) + annotations( uniques, required ) + " on an embedded attribute, not"
							+ " an hstore one; put the annotations on the hstore attribute inside the embeddable" );
				}
				Class<?> componentClass = component.getComponentClass();
				if ( componentClass != null ) {
					classes.add( componentClass );
				}
				for ( Property inner : component.getProperties() ) {
					property( entity, componentClass, inner, path + "." + inner.getName(), table );
				}
				return;
			}
			Column column = value instanceof BasicValue basic ? hstoreColumn( basic ) : null;
			if ( column != null ) {
				hstoreColumns = true;
				mutable( (BasicValue) value, column, property::setValue );
			}
			if ( uniques.length == 0 && required == null ) {
				return;
			}
			if ( column == null ) {
				problems.add( where( entity, path ) + annotations( uniques, required ) + " on an attribute that is not"
						+ " hstore (" + describe( value ) + "); map it to an hstore column, e.g. @Type(PostgreSQLHStoreType.class)"
						+ " @Column(columnDefinition = \"hstore\") or @Type(MutableHStoreType.class), or remove the annotation" );
				return;
			}
			Table target = table != null ? table : value.getTable();
			List<List<String>> groups = new ArrayList<>();
			List<List<String>> groupColumns = new ArrayList<>();
			for ( HStoreUnique unique : uniques ) {
				List<String> keys = keys( entity, path, "@HStoreUnique", unique.value() );
				List<String> plainColumns = plainColumns( entity, path, target, unique.columns() );
				if ( keys == null || plainColumns == null ) {
					continue;
				}
				for ( int g = 0; g < groups.size(); g++ ) {
					List<String> group = groups.get( g );
					if ( Set.copyOf( group ).equals( Set.copyOf( keys ) )
							&& Set.copyOf( groupColumns.get( g ) ).equals( Set.copyOf( plainColumns ) ) ) {
						problems.add( where( entity, path ) + "@HStoreUnique(" + quoted( keys ) + ") repeats the unique"
								+ " keys " + quoted( group ) + "; remove one of them" );
						keys = null;
						break;
					}
				}
				if ( keys != null ) {
					groups.add( keys );
					groupColumns.add( plainColumns );
				}
			}
			List<String> requiredKeys = required == null ? List.of()
					: keys( entity, path, "@HStoreRequired", required.value() );
			if ( requiredKeys == null || !target.isPhysicalTable() || target.isView() ) {
				// no table of its own (abstract TABLE_PER_CLASS root, @Subselect, @View): its subclasses have them
				return;
			}
			String schema = target.getSchemaIdentifier() != null ? catalogName( target.getSchemaIdentifier() )
					: defaultSchema;
			String tableName = catalogName( target.getNameIdentifier() );
			String columnName = catalogName( Identifier.toIdentifier( column.getName(), column.isQuoted() ) );
			for ( int g = 0; g < groups.size(); g++ ) {
				add( new Declaration( HStoreConstraint.Kind.UNIQUE, target, column, groups.get( g ), groupColumns.get( g ),
						schema, tableName, columnName, entity.getEntityName(), path ) );
			}
			for ( String key : requiredKeys ) {
				add( new Declaration( HStoreConstraint.Kind.REQUIRED, target, column, List.of( key ), List.of(), schema,
						tableName, columnName, entity.getEntityName(), path ) );
			}
		}

		/**
		 * @return the plain columns of an {@code @HStoreUnique(columns = ...)}, as in the catalog, or {@code null}
		 * after reporting one that is not a column of the table
		 */
		private List<String> plainColumns(PersistentClass entity, String path, Table table, String[] names) {
			if ( names.length == 0 ) {
				return List.of();
			}
			List<String> known = new ArrayList<>();
			for ( Column column : table.getColumns() ) {
				known.add( catalogName( Identifier.toIdentifier( column.getName(), column.isQuoted() ) ) );
			}
			List<String> columns = new ArrayList<>();
			for ( String name : names ) {
				if ( !known.contains( name ) || columns.contains( name ) ) {
					problems.add( where( entity, path ) + "@HStoreUnique(columns = {\"" + name + "\"}) "
							+ ( columns.contains( name ) ? "repeats the column" : "names no column of table "
									+ table.getName() + "; its columns, as in the database: " + known ) );
					return null;
				}
				columns.add( name );
			}
			return columns;
		}

		private void add(Declaration declaration) {
			// SINGLE_TABLE subclasses and TABLE_PER_CLASS closures meet the same attribute more than once; by what it
			// creates, not by name, so that different declarations with one name are both kept (and named apart)
			declarations.putIfAbsent( declaration.sameness(), declaration );
		}

		/** @return the keys, or {@code null} after reporting what is wrong with them */
		private List<String> keys(PersistentClass entity, String path, String annotation, String[] keys) {
			if ( keys.length == 0 ) {
				problems.add( where( entity, path ) + annotation + "({}) has no keys; list at least one, e.g. "
						+ annotation + "(\"en\")" );
				return null;
			}
			Set<String> seen = new LinkedHashSet<>();
			for ( String key : keys ) {
				if ( key.isEmpty() ) {
					problems.add( where( entity, path ) + annotation + "(" + quoted( Arrays.asList( keys ) )
							+ ") has an empty key; name every key" );
					return null;
				}
				if ( key.indexOf( '\0' ) >= 0 ) {
					problems.add( where( entity, path ) + annotation + " key '" + key.replace( "\0", "\\0" )
							+ "' contains a NUL character, which PostgreSQL text cannot hold; remove it" );
					return null;
				}
				if ( !seen.add( key ) ) {
					problems.add( where( entity, path ) + annotation + "(" + quoted( Arrays.asList( keys ) )
							+ ") lists the key \"" + key + "\" twice; list each key once" );
					return null;
				}
			}
			return List.copyOf( seen );
		}

		/** Reports annotations found on members that no mapped attribute of an entity table reads. */
		void strayAnnotations() {
			for ( Class<?> c : classes ) {
				List<Member> members = new ArrayList<>( Arrays.asList( c.getDeclaredFields() ) );
				members.addAll( Arrays.asList( c.getDeclaredMethods() ) );
				for ( Member member : members ) {
					if ( member.isSynthetic() ) {
						continue; // bridge methods repeat the annotations of the method they bridge to
					}
					AnnotatedElement element = (AnnotatedElement) member;
					HStoreUnique[] uniques = element.getAnnotationsByType( HStoreUnique.class );
					HStoreRequired required = element.getAnnotation( HStoreRequired.class );
					if ( ( uniques.length > 0 || required != null ) && !read.contains( member ) ) {
						problems.add( "class '" + c.getName() + "', " + ( member instanceof Field ? "field '" : "method '" )
								+ member.getName() + "': " + annotations( uniques, required ) + " on a member that is not a"
								+ " persistent attribute of an entity table (transient, not the member Hibernate accesses,"
								+ " or in an element collection); put it on a mapped hstore attribute of an entity or of"
								+ " an embeddable embedded in an entity" );
					}
				}
			}
		}

		private static AnnotatedElement annotatedElement(Property property, Value value, Class<?> owner) {
			if ( value instanceof SimpleValue simple ) {
				// the member the boot model records (7.3+); before 7.3, and when it records none, the getter's
				Member member = HibernateCompat.get().javaMember( simple );
				if ( member instanceof AnnotatedElement element ) {
					return element;
				}
			}
			if ( owner == null ) {
				return null; // a dynamic-map entity: no class, no annotations
			}
			try {
				Member member = property.getGetter( owner ).getMember();
				return member instanceof Field || member instanceof Method ? (AnnotatedElement) member : null;
			}
			catch (RuntimeException e) {
				LOG.debugf( e, "No member for attribute %s of %s", property.getName(), owner.getName() );
				return null;
			}
		}

		/** @return the column when the value is one hstore column, else {@code null} */
		private static Column hstoreColumn(BasicValue value) {
			if ( value.getColumnSpan() != 1 ) {
				return null;
			}
			Selectable selectable = value.getSelectables().get( 0 );
			if ( !( selectable instanceof Column column ) ) {
				return null;
			}
			String definition = column.getSqlType();
			if ( definition != null ) {
				return isHStoreDefinition( definition ) ? column : null;
			}
			return hstoreUserType( value ) != null ? column : null;
		}

		/** {@code hstore}, {@code public.hstore}, {@code "hstore" not null}, ... */
		static boolean isHStoreDefinition(String definition) {
			String type = definition.trim().split( "\\s+", 2 )[0];
			int dot = type.lastIndexOf( '.' );
			type = type.substring( dot + 1 ).replace( "\"", "" );
			return type.equalsIgnoreCase( "hstore" );
		}

		/** @return the hstore user type (ours or Hypersistence's) the value is mapped with, else {@code null} */
		private static Class<?> hstoreUserType(BasicValue value) {
			BasicValue.Resolution<?> resolution = value.getResolution();
			Type type = resolution == null ? null : resolution.getLegacyResolvedBasicType();
			if ( type instanceof CustomType<?> custom ) {
				for ( Class<?> c = custom.getUserType().getClass(); c != null; c = c.getSuperclass() ) {
					if ( c == MutableHStoreType.class || c.getName().equals( HYPERSISTENCE_HSTORE_TYPE ) ) {
						return c;
					}
				}
			}
			return null;
		}

		/**
		 * Puts {@link MutableHStoreType} in place of Hypersistence's {@code PostgreSQLHStoreType}, and gives the column
		 * its type when the mapping names none.
		 * <p>
		 * A resolved value cannot take another type. So a new value is built that carries the type from the start
		 * ({@code setExplicitCustomType} resolves it at once), with the same table and column (and the column's
		 * insertability, updatability, partition-key flag and Java member), and put in the place of the old one on the
		 * property or collection. This uses only the public setters of the boot model, the same on 7.1 to 7.4; it does
		 * not copy resolved state from one value to another, which Hibernate changed in 7.4.13
		 * ({@code BasicValue.copyTypeFrom} then copies the explicit Java type access that a value without one lacks,
		 * and the copy fails at {@code MetadataImpl.validate}).
		 *
		 * @param replace puts the new value where the old one is (the property's or the collection's element)
		 */
		private static void mutable(BasicValue value, Column column, Consumer<? super BasicValue> replace) {
			Class<?> userType = hstoreUserType( value );
			if ( userType != null && userType.getName().equals( HYPERSISTENCE_HSTORE_TYPE ) ) {
				BasicValue mutable = new BasicValue( value.getBuildingContext(), value.getTable() );
				// addColumn also points the column at its new value (DDL reads the column's value's type)
				mutable.addColumn( column, value.getColumnInsertability()[0], value.getColumnUpdateability()[0] );
				mutable.setPartitionKey( value.isPartitionKey() );
				HibernateCompat.get().copyMember( value, mutable );
				mutable.setExplicitCustomType( MutableHStoreType.class );
				replace.accept( mutable );
				LOG.debugf( "hstore attribute %s.%s: PostgreSQLHStoreType replaced by MutableHStoreType",
						value.getTable() == null ? "?" : value.getTable().getName(), column.getName() );
			}
			if ( userType != null && column.getSqlType() == null ) {
				column.setSqlType( "hstore" );
			}
		}

		private static String describe(Value value) {
			if ( value instanceof BasicValue basic ) {
				if ( basic.getColumnSpan() != 1 || !( basic.getSelectables().get( 0 ) instanceof Column column ) ) {
					return "not a single column";
				}
				if ( column.getSqlType() != null ) {
					return "column \"" + column.getName() + "\" of type " + column.getSqlType();
				}
				BasicValue.Resolution<?> resolution = basic.getResolution();
				return "column \"" + column.getName() + "\"" + ( resolution == null ? ""
						: " of JDBC type " + resolution.getJdbcType().getFriendlyName() + " for "
								+ resolution.getDomainJavaType().getTypeName() );
			}
			return value instanceof Collection ? "a collection" : "an association or other non-basic value";
		}

		private static String where(PersistentClass entity, String path) {
			return "entity '" + entity.getEntityName() + "', attribute '" + path + "': ";
		}

		private static String annotations(HStoreUnique[] uniques, HStoreRequired required) {
			List<String> names = new ArrayList<>();
			if ( uniques.length > 0 ) {
				names.add( "@HStoreUnique" );
			}
			if ( required != null ) {
				names.add( "@HStoreRequired" );
			}
			return String.join( " and ", names );
		}

		private static String quoted(List<String> keys) {
			StringBuilder sb = new StringBuilder( "{" );
			for ( int i = 0; i < keys.size(); i++ ) {
				sb.append( i > 0 ? ", \"" : "\"" ).append( keys.get( i ) ).append( '"' );
			}
			return sb.append( '}' ).toString();
		}
	}
}

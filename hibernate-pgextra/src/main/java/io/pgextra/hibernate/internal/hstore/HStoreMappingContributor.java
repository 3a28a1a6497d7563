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

import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.hstore.MutableHStoreType;

import org.hibernate.AnnotationException;
import org.hibernate.boot.ResourceStreamLocator;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.spi.AdditionalMappingContributions;
import org.hibernate.boot.spi.AdditionalMappingContributor;
import org.hibernate.boot.spi.InFlightMetadataCollector;
import org.hibernate.boot.spi.MetadataBuildingContext;
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
 */
public final class HStoreMappingContributor implements AdditionalMappingContributor {

	private static final Logger LOG = Logger.getLogger( HStoreMappingContributor.class );

	/** Known by name: Hypersistence Utils is optional. */
	static final String HYPERSISTENCE_HSTORE_TYPE = "io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType";

	@Override
	public void contribute(AdditionalMappingContributions contributions, InFlightMetadataCollector metadata,
			ResourceStreamLocator resourceStreamLocator, MetadataBuildingContext buildingContext) {
		Scan scan = new Scan();
		scan.entities( metadata );
		scan.strayAnnotations();
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
		for ( HStoreConstraint constraint : scan.constraints.values() ) {
			contributions.contributeAuxiliaryDatabaseObject( constraint );
		}
	}

	/** The state of one metadata build. */
	private static final class Scan {
		final List<String> problems = new ArrayList<>();
		final Map<String, HStoreConstraint> constraints = new LinkedHashMap<>();
		/** Members whose annotations were read as those of a mapped attribute. */
		final Set<Member> read = new HashSet<>();
		/** Classes whose members may carry annotations: entities, their superclasses, embeddables. */
		final Set<Class<?>> classes = new LinkedHashSet<>();
		boolean hstoreColumns;

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
				// only to report annotations there: a collection table's rows are not entities
				if ( collection.getElement() instanceof Component component && component.getComponentClass() != null ) {
					classes.add( component.getComponentClass() );
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
				mutable( (BasicValue) value, column );
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
			for ( HStoreUnique unique : uniques ) {
				List<String> keys = keys( entity, path, "@HStoreUnique", unique.value() );
				if ( keys == null ) {
					continue;
				}
				for ( List<String> group : groups ) {
					if ( Set.copyOf( group ).equals( Set.copyOf( keys ) ) ) {
						problems.add( where( entity, path ) + "@HStoreUnique(" + quoted( keys ) + ") repeats the unique"
								+ " keys " + quoted( group ) + "; remove one of them" );
						keys = null;
						break;
					}
				}
				if ( keys != null ) {
					groups.add( keys );
				}
			}
			List<String> requiredKeys = required == null ? List.of()
					: keys( entity, path, "@HStoreRequired", required.value() );
			if ( requiredKeys == null || !target.isPhysicalTable() || target.isView() ) {
				// no table of its own (abstract TABLE_PER_CLASS root, @Subselect, @View): its subclasses have them
				return;
			}
			String tableName = catalogName( target.getNameIdentifier() );
			String columnName = catalogName( Identifier.toIdentifier( column.getName(), column.isQuoted() ) );
			for ( List<String> keys : groups ) {
				add( new HStoreConstraint( HStoreConstraint.Kind.UNIQUE, target, column, keys,
						HStoreSql.uniqueName( tableName, columnName, keys ), entity.getEntityName(), path ) );
			}
			for ( String key : requiredKeys ) {
				add( new HStoreConstraint( HStoreConstraint.Kind.REQUIRED, target, column, List.of( key ),
						HStoreSql.requiredName( tableName, columnName, key ), entity.getEntityName(), path ) );
			}
		}

		private void add(HStoreConstraint constraint) {
			// SINGLE_TABLE subclasses and TABLE_PER_CLASS closures meet the same attribute more than once
			constraints.putIfAbsent( constraint.getExportIdentifier(), constraint );
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
			if ( value instanceof SimpleValue simple && simple.getMemberDetails() != null ) {
				Member member = simple.getMemberDetails().toJavaMember();
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
		 */
		private static void mutable(BasicValue value, Column column) {
			Class<?> userType = hstoreUserType( value );
			if ( userType != null && userType.getName().equals( HYPERSISTENCE_HSTORE_TYPE ) ) {
				// a resolved value cannot take another type; a copy can, and the original can copy its type
				BasicValue scratch = value.copy();
				scratch.setExplicitCustomType( MutableHStoreType.class );
				value.copyTypeFrom( scratch );
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

		private static String catalogName(Identifier identifier) {
			// PostgreSQL folds unquoted names to lower case
			return identifier.isQuoted() ? identifier.getText() : identifier.getText().toLowerCase( Locale.ROOT );
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

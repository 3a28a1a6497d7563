package io.pgextra.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which unique constraint or index an {@code INSERT ... ON CONFLICT} reacts to: the {@code conflict_target}.
 * <p>
 * Immutable; every method that refines a target returns a new one. Attribute names are entity attribute names
 * (as in JPQL), resolved through Hibernate's metamodel to columns, so {@code @Column(name = ...)}, naming
 * strategies, {@code @Embedded} attributes ({@code "address.city"}) and {@code @ManyToOne} foreign keys all work.
 * For rows of a collection table, the names are column names.
 * <pre>{@code
 * ConflictTarget.attributes("myfield")                          // ON CONFLICT ("myfield")
 * ConflictTarget.attributes("firstName", "lastName")            // unique together
 * ConflictTarget.primaryKey()                                   // ON CONFLICT ("id")
 * ConflictTarget.constraint("uk_person_email")                  // ON CONFLICT ON CONSTRAINT "uk_person_email"
 * ConflictTarget.attributes("email").where("deleted_at IS NULL") // a partial unique index
 * ConflictTarget.hstoreKey("name", "en")                        // ON CONFLICT (("name" -> 'en'))
 * ConflictTarget.hstoreKeys("name", "en", "ar")                 // ON CONFLICT (("name" -> 'en'), ("name" -> 'ar'))
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ConflictTarget {

	/**
	 * One element of a conflict target: an attribute, or one key of an hstore attribute.
	 *
	 * @param attribute the attribute (or, for a collection table, the column) name
	 * @param hstoreKey the hstore key, or {@code null} when the element is the attribute itself
	 * @since 0.1.0
	 */
	public record Element(String attribute, String hstoreKey) {
		/**
		 * Checks the names.
		 *
		 * @param attribute the attribute (or, for a collection table, the column) name
		 * @param hstoreKey the hstore key, or {@code null} when the element is the attribute itself
		 */
		public Element {
			requireName( attribute, "attribute" );
			if ( hstoreKey != null && hstoreKey.isEmpty() ) {
				throw new IllegalArgumentException( "An hstore key must not be empty (attribute '" + attribute
						+ "'); pass the key as it is stored, e.g. hstoreKey(\"" + attribute + "\", \"en\")" );
			}
		}

		/** @return whether this element is a key of an hstore attribute */
		public boolean isHStoreKey() {
			return hstoreKey != null;
		}

		@Override
		public String toString() {
			return hstoreKey == null ? attribute : "(" + attribute + " -> '" + hstoreKey + "')";
		}
	}

	private static final ConflictTarget PRIMARY_KEY = new ConflictTarget( List.of(), null, true, null );

	private final List<Element> elements;
	private final String constraintName;
	private final boolean primaryKey;
	private final String indexPredicate;

	private ConflictTarget(List<Element> elements, String constraintName, boolean primaryKey, String indexPredicate) {
		this.elements = List.copyOf( elements );
		this.constraintName = constraintName;
		this.primaryKey = primaryKey;
		this.indexPredicate = indexPredicate;
	}

	/**
	 * @param attributes one attribute, or several that are unique together
	 * @return a target over these attributes
	 */
	public static ConflictTarget attributes(String... attributes) {
		return attributes( List.of( Objects.requireNonNull( attributes, "attributes" ) ) );
	}

	/**
	 * The attributes as JPA static metamodel attributes ({@code Item_.sku}), so a renamed attribute is a compile
	 * error; the same as {@link #attributes(String...)} with their names.
	 *
	 * @param attributes one attribute, or several that are unique together
	 * @return a target over these attributes
	 * @since 0.2
	 */
	public static ConflictTarget attributes(jakarta.persistence.metamodel.Attribute<?, ?>... attributes) {
		Objects.requireNonNull( attributes, "attributes" );
		List<String> names = new ArrayList<>( attributes.length );
		for ( jakarta.persistence.metamodel.Attribute<?, ?> attribute : attributes ) {
			names.add( Objects.requireNonNull( attribute, "attribute (a static metamodel field not populated yet?)" ).getName() );
		}
		return attributes( names );
	}

	/**
	 * @param attributes one attribute, or several that are unique together
	 * @return a target over these attributes
	 */
	public static ConflictTarget attributes(List<String> attributes) {
		Objects.requireNonNull( attributes, "attributes" );
		if ( attributes.isEmpty() ) {
			throw new IllegalArgumentException( "A conflict target needs at least one attribute;"
					+ " use ConflictTarget.primaryKey() to target the primary key" );
		}
		List<Element> elements = new ArrayList<>();
		for ( String attribute : attributes ) {
			elements.add( new Element( attribute, null ) );
		}
		return new ConflictTarget( elements, null, false, null );
	}

	/** @return a target over the entity's primary key */
	public static ConflictTarget primaryKey() {
		return PRIMARY_KEY;
	}

	/**
	 * @param name the name of a unique or primary-key constraint of the table ({@code ON CONFLICT ON CONSTRAINT})
	 * @return a target naming that constraint
	 */
	public static ConflictTarget constraint(String name) {
		return new ConflictTarget( List.of(), requireName( name, "constraint name" ), false, null );
	}

	/**
	 * @param attribute an hstore attribute
	 * @param key the key whose value is unique
	 * @return a target over {@code (attribute -> 'key')}
	 */
	public static ConflictTarget hstoreKey(String attribute, String key) {
		return new ConflictTarget( List.of( new Element( attribute, requireName( key, "hstore key" ) ) ), null, false, null );
	}

	/**
	 * @param attribute an hstore attribute
	 * @param keys keys whose values are unique together
	 * @return a target over {@code (attribute -> 'key1'), (attribute -> 'key2'), ...}
	 */
	public static ConflictTarget hstoreKeys(String attribute, String... keys) {
		Objects.requireNonNull( keys, "keys" );
		if ( keys.length == 0 ) {
			throw new IllegalArgumentException( "hstoreKeys(\"" + attribute + "\") needs at least one key" );
		}
		List<Element> elements = new ArrayList<>();
		for ( String key : keys ) {
			elements.add( new Element( attribute, requireName( key, "hstore key" ) ) );
		}
		return new ConflictTarget( elements, null, false, null );
	}

	/**
	 * @param attribute another attribute of a composite target
	 * @return a new target with the attribute appended
	 */
	public ConflictTarget andAttribute(String attribute) {
		return append( new Element( attribute, null ) );
	}

	/**
	 * @param attribute an hstore attribute
	 * @param key another hstore key of a composite target
	 * @return a new target with {@code (attribute -> 'key')} appended
	 */
	public ConflictTarget andHStoreKey(String attribute, String key) {
		return append( new Element( attribute, requireName( key, "hstore key" ) ) );
	}

	/**
	 * Targets a partial unique index: PostgreSQL only infers a partial index when the target repeats its
	 * predicate. The predicate is SQL, written as in the index definition (column names, not attribute names),
	 * for example {@code "deleted_at IS NULL"}; it is never built from user input.
	 *
	 * @param indexPredicate the {@code WHERE} predicate of the partial unique index
	 * @return a new target with that predicate
	 */
	public ConflictTarget where(String indexPredicate) {
		if ( constraintName != null ) {
			throw new IllegalStateException( "ON CONFLICT ON CONSTRAINT takes no index predicate;"
					+ " target the attributes of the partial index instead" );
		}
		return new ConflictTarget( elements, constraintName, primaryKey, requireNoPlaceholder( requireName( indexPredicate, "index predicate" ) ) );
	}

	/**
	 * The statement is a prepared statement (Hibernate's native query when it returns entities, Hibernate's JDBC
	 * layer otherwise), whose parser reads a {@code ?} outside quotes as a bind parameter; the predicate must match the
	 * index's, so it cannot be rewritten for the parser either.
	 */
	private static String requireNoPlaceholder(String predicate) {
		char quote = 0;
		for ( int i = 0; i < predicate.length(); i++ ) {
			char c = predicate.charAt( i );
			if ( quote != 0 ) {
				if ( c == quote ) {
					quote = 0;
				}
			}
			else if ( c == '\'' || c == '"' ) {
				quote = c;
			}
			else if ( c == '?' ) {
				throw new IllegalArgumentException( "The index predicate '" + predicate + "' contains the operator '?'"
						+ " outside quotes, which JDBC reads as a bind parameter; define the partial index with the"
						+ " equivalent function instead (exist(col, 'key') for hstore, jsonb_exists(col, 'key') for jsonb)"
						+ " and repeat that predicate here" );
			}
		}
		return predicate;
	}

	private ConflictTarget append(Element element) {
		if ( constraintName != null || primaryKey ) {
			throw new IllegalStateException( "Cannot add '" + element + "' to " + this
					+ ": a constraint or primary-key target stands alone" );
		}
		List<Element> list = new ArrayList<>( elements );
		list.add( element );
		return new ConflictTarget( list, null, false, indexPredicate );
	}

	/** @return the attributes and hstore keys of this target, empty for a constraint or primary-key target */
	public List<Element> elements() {
		return elements;
	}

	/** @return the constraint name of an {@code ON CONSTRAINT} target, otherwise {@code null} */
	public String constraintName() {
		return constraintName;
	}

	/** @return whether this target is the primary key */
	public boolean isPrimaryKey() {
		return primaryKey;
	}

	/** @return the partial index predicate, or {@code null} */
	public String indexPredicate() {
		return indexPredicate;
	}

	private static String requireName(String value, String what) {
		if ( value == null || value.isBlank() ) {
			throw new IllegalArgumentException( "The " + what + " of a conflict target must not be null or blank" );
		}
		return value;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ConflictTarget other
				&& elements.equals( other.elements )
				&& Objects.equals( constraintName, other.constraintName )
				&& primaryKey == other.primaryKey
				&& Objects.equals( indexPredicate, other.indexPredicate );
	}

	@Override
	public int hashCode() {
		return Objects.hash( elements, constraintName, primaryKey, indexPredicate );
	}

	@Override
	public String toString() {
		if ( constraintName != null ) {
			return "ON CONSTRAINT " + constraintName;
		}
		if ( primaryKey ) {
			return "(primary key)";
		}
		StringBuilder sb = new StringBuilder( "(" );
		for ( int i = 0; i < elements.size(); i++ ) {
			if ( i > 0 ) {
				sb.append( ", " );
			}
			sb.append( elements.get( i ) );
		}
		sb.append( ')' );
		if ( indexPredicate != null ) {
			sb.append( " WHERE " ).append( indexPredicate );
		}
		return sb.toString();
	}
}

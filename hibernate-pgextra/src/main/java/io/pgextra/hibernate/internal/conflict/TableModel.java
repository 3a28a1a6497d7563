package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.Generator;
import org.hibernate.generator.OnExecutionGenerator;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.EntityVersionMapping;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.metamodel.mapping.NonAggregatedIdentifierMapping;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.mapping.internal.ToOneAttributeMapping;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.type.BasicType;

/**
 * What {@code INSERT ... ON CONFLICT} needs to know about one table, read from Hibernate's runtime metamodel: the
 * table, its writable columns, which attribute (or, for a collection table, which column name) owns which columns,
 * how values become JDBC values, identifier generation, version and discriminator. Built once per entity or
 * collection and per {@code SessionFactory}.
 */
public final class TableModel {

	/** One column: its name as in the catalog, quoted for SQL, and how its values are bound. */
	public record Column(String catalogName, String quoted, BasicType<?> bindType) {
	}

	/** How an attribute's value is broken down into column values. */
	enum Kind { BASIC, EMBEDDED, TO_ONE, COLUMN }

	/** An attribute (or a collection-table column) that owns columns. */
	public static final class Attribute {
		final String name;
		final Kind kind;
		final ModelPart part;
		final List<Column> columns;
		final boolean insertable;
		final boolean updatable;
		final Generator generator;
		final Class<?> javaType;

		Attribute(String name, Kind kind, ModelPart part, List<Column> columns, boolean insertable, boolean updatable,
				Generator generator, Class<?> javaType) {
			this.name = name;
			this.kind = kind;
			this.part = part;
			this.columns = List.copyOf( columns );
			this.insertable = insertable;
			this.updatable = updatable;
			this.generator = generator;
			this.javaType = javaType;
		}

		public String name() {
			return name;
		}

		public List<Column> columns() {
			return columns;
		}

		/** Breaks a domain value down into one JDBC value per column. */
		void breakDown(Object value, List<Object> into, SharedSessionContractImplementor session) {
			switch ( kind ) {
				case COLUMN -> into.add( value );
				case TO_ONE -> {
					ToOneAttributeMapping toOne = (ToOneAttributeMapping) part;
					ForeignKeyDescriptor fk = toOne.getForeignKeyDescriptor();
					Object key;
					if ( value == null ) {
						key = null;
					}
					else if ( value instanceof HibernateProxy
							|| toOne.getEntityMappingType().getMappedJavaType().getJavaTypeClass().isInstance( value ) ) {
						key = fk.getAssociationKeyFromSide( value, ForeignKeyDescriptor.Nature.TARGET, session );
					}
					else if ( fk.getTargetPart() instanceof EntityIdentifierMapping ) {
						// an identifier value given for the association, as Django's `owner_id`
						key = value;
					}
					else {
						// the foreign key references another unique column (referencedColumnName): the identifier
						// says which row, the row says the key (one SELECT, unless the entity is already loaded)
						Object reference = ( (org.hibernate.engine.spi.SessionImplementor) session )
								.getReference( toOne.getEntityMappingType().getEntityName(), value );
						key = fk.getAssociationKeyFromSide( reference, ForeignKeyDescriptor.Nature.TARGET, session );
					}
					int before = into.size();
					fk.getKeyPart().breakDownJdbcValues( key, (i, v, s) -> into.add( v ), session );
					fillNulls( into, before );
				}
				default -> {
					int before = into.size();
					part.breakDownJdbcValues( value, (i, v, s) -> into.add( v ), session );
					fillNulls( into, before );
				}
			}
		}

		private void fillNulls(List<Object> into, int before) {
			// a null embeddable or association may produce no values at all: its columns are NULL
			while ( into.size() < before + columns.size() ) {
				into.add( null );
			}
		}

		@Override
		public String toString() {
			return name;
		}
	}

	final String displayName;
	final Class<?> javaType;
	final EntityPersister persister;
	final CollectionPersister collectionPersister;
	final String table;
	final Map<String, Attribute> attributes;
	final Attribute id;
	final Generator idGenerator;
	final Attribute version;
	final String discriminatorColumn;
	final String discriminatorSqlValue;
	/**
	 * Whether the column has a read expression of its own ({@code @ColumnTransformer(read = ...)}). Hibernate 7.4
	 * reports a plain column's as a template of the column itself, {@code {@}.myfield}.
	 */
	private static boolean customRead(SelectableMapping selectable) {
		String read = selectable.getCustomReadExpression();
		if ( read == null ) {
			return false;
		}
		String plain = read.trim().replace( "{@}.", "" );
		return !Identifiers.catalogName( plain ).equals( Identifiers.catalogName( selectable.getSelectionExpression() ) );
	}

	/** Whether an entity can be read from the columns the statement returns (see {@link #forEntity}). */
	final boolean hydratable;
	/**
	 * {@code @ColumnTransformer(write = ...)} by column (catalog name): the SQL Hibernate writes the column's value
	 * with, {@code ?} standing for the value, e.g. {@code upper(?)}. Mutable only while the model is built.
	 */
	final Map<String, String> writeTransformers = new java.util.HashMap<>();

	private TableModel(String displayName, Class<?> javaType, EntityPersister persister,
			CollectionPersister collectionPersister, String table, Map<String, Attribute> attributes, Attribute id,
			Generator idGenerator, Attribute version, String discriminatorColumn, String discriminatorSqlValue,
			boolean hydratable) {
		this.displayName = displayName;
		this.javaType = javaType;
		this.persister = persister;
		this.collectionPersister = collectionPersister;
		this.table = table;
		this.attributes = Collections.unmodifiableMap( attributes );
		this.id = id;
		this.idGenerator = idGenerator;
		this.version = version;
		this.discriminatorColumn = discriminatorColumn;
		this.discriminatorSqlValue = discriminatorSqlValue;
		this.hydratable = hydratable;
	}

	public String displayName() {
		return displayName;
	}

	public String table() {
		return table;
	}

	public boolean isEntity() {
		return persister != null;
	}

	/** @return every attribute by name, including the dotted paths of embedded attributes */
	public Map<String, Attribute> attributes() {
		return attributes;
	}

	/** @return the attributes callers may name, for error messages */
	List<String> attributeNames() {
		List<String> names = new ArrayList<>();
		for ( Attribute attribute : attributes.values() ) {
			if ( attribute.insertable ) {
				names.add( attribute.name );
			}
		}
		return names;
	}

	static TableModel forEntity(SessionFactoryImplementor factory, Class<?> entityClass) {
		EntityPersister persister;
		try {
			persister = factory.getMappingMetamodel().getEntityDescriptor( entityClass );
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException( "'" + entityClass.getName() + "' is not an entity of this persistence unit;"
					+ " annotate it with @Entity and list it in the persistence unit", e );
		}
		if ( persister.getTableSpan() > 1 ) {
			throw new IllegalArgumentException( "Entity '" + persister.getEntityName() + "' spans "
					+ persister.getTableSpan() + " tables (JOINED inheritance or @SecondaryTable); INSERT ... ON CONFLICT"
					+ " writes one table: map it to a single table (SINGLE_TABLE or TABLE_PER_CLASS inheritance)" );
		}
		UnsupportedMappings.check( persister );
		// the physical table: for a TABLE_PER_CLASS parent with subclasses getTableName() is a union subquery
		String table = persister.getMappedTableDetails().getTableName();
		if ( persister.isAbstract() ) {
			throw new IllegalArgumentException( "Entity '" + persister.getEntityName()
					+ "' is abstract; insert a concrete subclass" );
		}
		SessionFactoryContext types = new SessionFactoryContext( factory );
		Map<String, Attribute> attributes = new LinkedHashMap<>();

		EntityIdentifierMapping idMapping = persister.getIdentifierMapping();
		Attribute id;
		if ( idMapping instanceof NonAggregatedIdentifierMapping idClass ) {
			// @IdClass (or several @Id): callers name the @Id attributes; the id as a whole has no name
			List<String> names = new ArrayList<>();
			for ( AttributeMapping part : list( idClass.getVirtualIdEmbeddable().getAttributeMappings() ) ) {
				Attribute virtual = types.attribute( part.getAttributeName(), part, true, false, null );
				// the virtual id's columns say "not insertable": the entity's id mapping writes them, as we do
				Attribute a = new Attribute( virtual.name, virtual.kind, virtual.part, virtual.columns, true, false,
						null, virtual.javaType );
				attributes.put( a.name, a );
				names.add( a.name );
			}
			id = types.attribute( "(" + String.join( ", ", names ) + ")", idMapping, true, false, null );
		}
		else {
			id = types.attribute( idMapping.getAttributeName(), idMapping, true, false, null );
			attributes.put( id.name, id );
			if ( idMapping instanceof EmbeddableValuedModelPart embeddedId ) {
				types.addEmbeddedPaths( id.name, embeddedId, true, false, attributes );
			}
		}

		EntityVersionMapping versionMapping = persister.getVersionMapping();
		Attribute version = null;
		boolean[] hasFormula = { false };
		Map<String, String> writeTransformers = new java.util.HashMap<>();
		for ( AttributeMapping attribute : list( persister.getAttributeMappings() ) ) {
			attribute.forEachSelectable( (i, selectable) -> {
				// a read transformer (@ColumnTransformer(read = ...)) is applied by Hibernate's own load, as a formula
				hasFormula[0] |= selectable.isFormula() || customRead( selectable );
				String write = selectable.getCustomWriteExpression();
				if ( write != null && !selectable.isFormula() && !"?".equals( write.trim() ) ) {
					writeTransformers.put( Identifiers.catalogName( selectable.getSelectionExpression() ), write );
				}
			} );
			if ( attribute instanceof PluralAttributeMapping ) {
				continue;
			}
			if ( attribute instanceof ToOneAttributeMapping toOne
					&& toOne.getSideNature() != ForeignKeyDescriptor.Nature.KEY ) {
				// the inverse side of a one-to-one owns no column
				continue;
			}
			if ( attribute instanceof ToOneAttributeMapping toOne
					&& !toOne.getForeignKeyDescriptor().getKeyTable().equals( table ) ) {
				continue;
			}
			Attribute a = types.attribute( attribute.getAttributeName(), attribute,
					attribute.getAttributeMetadata().isInsertable(), attribute.getAttributeMetadata().isUpdatable(),
					attribute.getGenerator() );
			if ( a.columns.isEmpty() ) {
				continue;
			}
			attributes.put( a.name, a );
			if ( versionMapping != null && attribute == versionMapping.getVersionAttribute() ) {
				version = a;
			}
			if ( attribute instanceof EmbeddableValuedModelPart embedded && !( attribute instanceof EntityIdentifierMapping ) ) {
				types.addEmbeddedPaths( a.name, embedded, a.insertable, a.updatable, attributes );
			}
		}

		String discriminatorColumn = null;
		String discriminatorSqlValue = null;
		if ( persister.getDiscriminatorMapping() != null && persister.getDiscriminatorMapping().hasPhysicalColumn()
				&& persister instanceof AbstractEntityPersister aep && !persister.getDiscriminatorMapping().isFormula() ) {
			discriminatorColumn = Identifiers.quote( aep.getDiscriminatorColumnName() );
			discriminatorSqlValue = aep.getDiscriminatorSQLValue();
		}
		// @Formula columns and the union of a TABLE_PER_CLASS parent's subclasses (clazz_) are not in the table:
		// such entities are loaded after the statement instead of from what it returns
		boolean hydratable = !hasFormula[0] && !( persister instanceof UnionSubclassEntityPersister && persister.hasSubclasses() );
		TableModel model = new TableModel( persister.getEntityName(), entityClass, persister, null,
				Identifiers.quoteQualified( table ), attributes, id, persister.getGenerator(),
				version, discriminatorColumn, discriminatorSqlValue, hydratable );
		model.writeTransformers.putAll( writeTransformers );
		return model;
	}

	static TableModel forCollection(SessionFactoryImplementor factory, Class<?> ownerClass, String attributeName) {
		EntityPersister owner = forEntityPersister( factory, ownerClass );
		AttributeMapping attribute = owner.findAttributeMapping( attributeName );
		if ( !( attribute instanceof PluralAttributeMapping plural ) ) {
			throw new IllegalArgumentException( "'" + attributeName + "' is not a collection attribute of entity '"
					+ owner.getEntityName() + "'; collection attributes: " + collectionAttributes( owner ) );
		}
		CollectionPersister collection = plural.getCollectionDescriptor();
		if ( collection.isOneToMany() ) {
			throw new IllegalArgumentException( "'" + owner.getEntityName() + "." + attributeName
					+ "' is a @OneToMany without a join table: its rows are entities;"
					+ " use onConflict(" + collection.getElementPersister().getMappedClass().getSimpleName() + ".class, ...)" );
		}
		SessionFactoryContext types = new SessionFactoryContext( factory );
		Map<String, Attribute> columns = new LinkedHashMap<>();
		List<ModelPart> parts = new ArrayList<>();
		parts.add( plural.getKeyDescriptor().getKeyPart() );
		if ( plural.getIndexDescriptor() != null ) {
			parts.add( plural.getIndexDescriptor() );
		}
		parts.add( plural.getElementDescriptor() );
		if ( plural.getIdentifierDescriptor() != null ) {
			parts.add( plural.getIdentifierDescriptor() );
		}
		for ( ModelPart part : parts ) {
			part.forEachSelectable( (i, selectable) -> {
				if ( selectable.isFormula() ) {
					return;
				}
				Column column = types.column( selectable );
				columns.putIfAbsent( column.catalogName(), new Attribute( column.catalogName(), Kind.COLUMN, part,
						List.of( column ), true, true, null, Object.class ) );
			} );
		}
		return new TableModel( owner.getEntityName() + "." + attributeName, null, null, collection,
				Identifiers.quoteQualified( collection.getTableName() ), columns, null, null, null, null, null, false );
	}

	private static EntityPersister forEntityPersister(SessionFactoryImplementor factory, Class<?> entityClass) {
		try {
			return factory.getMappingMetamodel().getEntityDescriptor( entityClass );
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException( "'" + entityClass.getName() + "' is not an entity of this persistence unit", e );
		}
	}

	private static List<String> collectionAttributes(EntityPersister owner) {
		List<String> names = new ArrayList<>();
		for ( AttributeMapping attribute : list( owner.getAttributeMappings() ) ) {
			if ( attribute instanceof PluralAttributeMapping ) {
				names.add( attribute.getAttributeName() );
			}
		}
		return names;
	}

	/** Resolves columns and bind types against one session factory. */
	private static final class SessionFactoryContext {
		private final SessionFactoryImplementor factory;

		SessionFactoryContext(SessionFactoryImplementor factory) {
			this.factory = factory;
		}

		Attribute attribute(String name, AttributeMapping mapping, boolean insertable, boolean updatable,
				Generator generator) {
			return attribute( name, (ModelPart) mapping, insertable, updatable, generator );
		}

		Attribute attribute(String name, ModelPart part, boolean insertable, boolean updatable, Generator generator) {
			List<Column> columns = new ArrayList<>();
			Kind kind;
			ModelPart selectables = part;
			if ( part instanceof ToOneAttributeMapping toOne ) {
				kind = Kind.TO_ONE;
				selectables = toOne.getForeignKeyDescriptor().getKeyPart();
			}
			else if ( part instanceof BasicValuedModelPart ) {
				kind = Kind.BASIC;
			}
			else {
				kind = Kind.EMBEDDED;
			}
			boolean[] writable = { insertable, updatable };
			selectables.forEachSelectable( (i, selectable) -> {
				if ( selectable.isFormula() ) {
					writable[0] = false;
					writable[1] = false;
					return;
				}
				writable[0] &= selectable.isInsertable();
				writable[1] &= selectable.isUpdateable();
				columns.add( column( selectable ) );
			} );
			return new Attribute( name, kind, part, columns, writable[0], writable[1], generator,
					part.getJavaType().getJavaTypeClass() );
		}

		void addEmbeddedPaths(String prefix, EmbeddableValuedModelPart embedded, boolean insertable, boolean updatable,
				Map<String, Attribute> into) {
			for ( AttributeMapping nested : list( embedded.getEmbeddableTypeDescriptor().getAttributeMappings() ) ) {
				if ( nested instanceof PluralAttributeMapping ) {
					continue;
				}
				String path = prefix + "." + nested.getAttributeName();
				Attribute a = attribute( path, nested, insertable && nested.getAttributeMetadata().isInsertable(),
						updatable && nested.getAttributeMetadata().isUpdatable(),
						// not nested.getGenerator(): Hibernate looks that up in the entity's generator array by the
						// attribute's position inside the embeddable, which is another attribute's generator
						null );
				if ( a.columns.isEmpty() ) {
					continue;
				}
				into.put( path, a );
				if ( nested instanceof EmbeddableValuedModelPart inner ) {
					addEmbeddedPaths( path, inner, a.insertable, a.updatable, into );
				}
			}
		}

		Column column(SelectableMapping selectable) {
			return new Column( Identifiers.catalogName( selectable.getSelectionExpression() ),
					Identifiers.quote( selectable.getSelectionExpression() ), bindType( selectable.getJdbcMapping() ) );
		}

		/**
		 * Values arrive broken down to their relational form (converters applied), so they are bound with a type
		 * for the relational Java type and the column's JDBC type.
		 */
		@SuppressWarnings({ "unchecked", "rawtypes" })
		BasicType<?> bindType(JdbcMapping jdbcMapping) {
			if ( jdbcMapping.getValueConverter() == null && jdbcMapping instanceof BasicType<?> basic ) {
				return basic;
			}
			return factory.getTypeConfiguration().getBasicTypeRegistry()
					.resolve( (org.hibernate.type.descriptor.java.JavaType) jdbcMapping.getJdbcJavaType(), jdbcMapping.getJdbcType() );
		}
	}

	private static List<AttributeMapping> list(org.hibernate.metamodel.mapping.AttributeMappingsList mappings) {
		List<AttributeMapping> list = new ArrayList<>( mappings.size() );
		mappings.forEach( list::add );
		return list;
	}

	static boolean generatesBefore(Generator generator) {
		return generator instanceof BeforeExecutionGenerator && !generator.generatedOnExecution();
	}

	static boolean generatesOnExecution(Generator generator) {
		return generator instanceof OnExecutionGenerator && generator.generatedOnExecution();
	}
}

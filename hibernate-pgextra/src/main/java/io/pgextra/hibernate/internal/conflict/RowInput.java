package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.pgextra.hibernate.internal.conflict.TableModel.Attribute;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.Generator;
import org.hibernate.generator.OnExecutionGenerator;

/**
 * The first stage of a call: the caller's rows (maps of attribute values, or entity instances) as one list of
 * attribute-value maps, checked to name known, insertable attributes and the same attributes on every row.
 */
final class RowInput {

	private final ConflictCall call;

	RowInput(ConflictCall call) {
		this.call = call;
	}

	/** @return the rows as given (no copy but of the first), after checking their attributes */
	List<Map<String, Object>> fromMaps(List<? extends Map<String, ?>> rows) {
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
				if ( !sameNames( first, row ) ) {
					throw differentAttributes( first, row.keySet(), i );
				}
				// only read, never changed or kept: no copy (a million-row call would hold a million copies)
				@SuppressWarnings("unchecked")
				Map<String, Object> values = (Map<String, Object>) row;
				given.add( values );
			}
		}
		return given;
	}

	/**
	 * Whether {@code row} has exactly the names {@code first} has. Not {@code first.equals(row.keySet())}: a map
	 * derived from {@code AbstractMap} (those of {@code Map.of}) keeps the key set view it creates, 16 bytes per row
	 * that would stay as long as the caller's rows do (16 MB for a million rows).
	 */
	private static boolean sameNames(Set<String> first, Map<String, ?> row) {
		if ( row.size() != first.size() ) {
			return false;
		}
		for ( String name : first ) {
			if ( !row.containsKey( name ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * @return each entity's insertable attribute values, read when the row is read: a view, so that a call holds one
	 * row's map at a time, not one per entity (a LinkedHashMap of a handful of values is about 300 bytes: 300 MB for a
	 * million entities). Read in order, once per row, as the call does; a row whose attributes differ from row 0's
	 * (only the identifier may: assigned on some instances, null on others) fails when it is read, before the first
	 * statement.
	 */
	List<Map<String, Object>> fromEntities(List<?> entities) {
		TableModel model = call.model;
		if ( !model.isEntity() ) {
			throw new IllegalStateException( "Entities cannot be inserted into a collection table" );
		}
		for ( int i = 0; i < entities.size(); i++ ) {
			Object entity = entities.get( i );
			if ( entity == null ) {
				throw new IllegalArgumentException( "Entity " + i + " is null" );
			}
			if ( !model.javaType.isInstance( entity ) ) {
				throw new IllegalArgumentException( "Entity " + i + " is a " + entity.getClass().getName()
						+ ", not a " + model.javaType.getName() );
			}
		}
		Set<String> first = valuesOf( entities.get( 0 ) ).keySet();
		return new java.util.AbstractList<>() {
			@Override
			public Map<String, Object> get(int index) {
				Map<String, Object> values = valuesOf( entities.get( index ) );
				if ( !first.equals( values.keySet() ) ) {
					throw differentAttributes( first, values.keySet(), index );
				}
				return values;
			}

			@Override
			public int size() {
				return entities.size();
			}
		};
	}

	private Map<String, Object> valuesOf(Object entity) {
		TableModel model = call.model;
		Map<String, Object> values = new LinkedHashMap<>();
		for ( Attribute attribute : model.attributes.values() ) {
			if ( attribute.name.indexOf( '.' ) >= 0 || !attribute.insertable ) {
				continue;
			}
			Object value;
			if ( attribute == model.id ) {
				value = model.persister.getIdentifier( entity, call.session );
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
				if ( value == null && generatedOnInsert( call.model, attribute ) ) {
					continue;
				}
			}
			values.put( attribute.name, value );
		}
		return values;
	}

	private Map<String, Object> validateAttributes(Map<String, ?> row, int index) {
		TableModel model = call.model;
		Map<String, Object> copy = new LinkedHashMap<>();
		Map<String, String> ownerOfColumn = new HashMap<>();
		for ( Map.Entry<String, ?> entry : row.entrySet() ) {
			String name = entry.getKey();
			if ( name == null ) {
				throw new IllegalArgumentException( "Row " + index + " has a null attribute name" );
			}
			Attribute attribute = model.attributes.get( name );
			if ( attribute == null ) {
				throw call.unknownAttribute( name, "values" );
			}
			if ( attribute == model.version ) {
				throw new IllegalArgumentException( "Attribute '" + name + "' of " + call.describe() + " is its @Version,"
						+ " which Hibernate manages (seeded on insert, incremented on update); remove it from the values" );
			}
			if ( !attribute.insertable ) {
				throw new IllegalArgumentException( "Attribute '" + name + "' of " + call.describe()
						+ " is not insertable (insertable = false, a formula, or a read-only mapping);"
						+ " remove it from the values" );
			}
			for ( Column column : attribute.columns ) {
				String previous = ownerOfColumn.put( column.catalogName(), name );
				if ( previous != null ) {
					throw new IllegalArgumentException( "Attributes '" + previous + "' and '" + name + "' of "
							+ call.describe() + " both write column \"" + column.catalogName() + "\"; give only one of them" );
				}
			}
			copy.put( name, entry.getValue() );
		}
		return copy;
	}

	private IllegalArgumentException differentAttributes(Set<String> first, Set<String> other, int index) {
		Set<String> missing = new TreeSet<>( first );
		missing.removeAll( other );
		Set<String> extra = new TreeSet<>( other );
		extra.removeAll( first );
		return new IllegalArgumentException( "Row " + index + " of the bulk insert into " + call.describe()
				+ " gives different attributes than row 0: missing " + missing + ", extra " + extra
				+ "; all rows of one bulk insert must give the same attributes (one statement has one column list)."
				+ " Split the rows into groups with the same attributes" );
	}

	/** Whether the attribute is generated on insert, so a null value means "generate it" rather than NULL. */
	static boolean generatedOnInsert(TableModel model, Attribute attribute) {
		Generator generator = attribute.generator;
		return generator != null && attribute != model.version && generator.generatesOnInsert()
				&& ( generator instanceof BeforeExecutionGenerator || generator instanceof OnExecutionGenerator );
	}
}

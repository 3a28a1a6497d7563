package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.conflict.ConflictCall.Binding;
import io.pgextra.hibernate.internal.conflict.ConflictPlan.KeyPart;
import io.pgextra.hibernate.internal.conflict.TableModel.Attribute;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

import org.hibernate.generator.EventType;
import org.hibernate.generator.Generator;
import org.hibernate.generator.OnExecutionGenerator;
import org.hibernate.type.BasicType;
import org.hibernate.type.descriptor.java.JavaType;

/** {@code DO UPDATE SET ... [WHERE ...]}: validated once per call, rendered once per statement. */
final class UpdateClause {
	private final ConflictCall call;
	private final TableModel model;
	final Map<String, String> assignments = new LinkedHashMap<>();
	final Map<String, ConflictExpression> expressions = new LinkedHashMap<>();
	final Map<String, String> expressionAttributes = new HashMap<>();
	/** Bind parameters the clause adds to each statement. */
	int constantCount;

	UpdateClause(ConflictCall call, ConflictPlan plan) {
		this.call = call;
		this.model = call.model;
		Set<String> givenNames = new LinkedHashSet<>();
		for ( Attribute attribute : plan.givenAttributes ) {
			givenNames.add( attribute.name );
		}
		List<Attribute> overwritten = new ArrayList<>();
		if ( call.updating != null ) {
			for ( String name : call.updating ) {
				Attribute attribute = model.attributes.get( name );
				if ( attribute == null ) {
					throw call.unknownAttribute( name, "updating(...) list" );
				}
				requireUpdatable( attribute );
				if ( !givenNames.contains( name ) ) {
					throw new IllegalArgumentException( "Attribute '" + name + "' of " + call.describe()
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
				String[] values = ConflictPlan.sqlValues( (OnExecutionGenerator) generator, call.dialect, EventType.UPDATE );
				if ( values != null ) {
					for ( int i = 0; i < attribute.columns.size(); i++ ) {
						assignments.put( attribute.columns.get( i ).quoted(), values[i] );
					}
				}
			}
		}
		for ( Map.Entry<String, ConflictExpression> entry : call.sets.entrySet() ) {
			Attribute attribute = model.attributes.get( entry.getKey() );
			if ( attribute == null ) {
				throw call.unknownAttribute( entry.getKey(), "set(...)" );
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
			Column column = plan.key.get( 0 ).column();
			assignments.put( column.quoted(), "pgx_t." + column.quoted() );
		}
		if ( call.where != null ) {
			constantCount += countConstants( call.where );
			// validate attribute names before any SQL is sent
			Expressions.render( call.where, new StringBuilder(), renderer( new ArrayList<>() ) );
		}
		for ( Map.Entry<String, ConflictExpression> expression : expressions.entrySet() ) {
			Expressions.render( expression.getValue(), new StringBuilder(), renderer( new ArrayList<>() ),
					expressionAttributes.get( expression.getKey() ) );
		}
	}

	private boolean coveredByKey(Attribute attribute, ConflictPlan plan) {
		if ( attribute.columns.isEmpty()
				|| call.target.elements().stream().anyMatch( ConflictTarget.Element::isHStoreKey ) ) {
			return false;
		}
		for ( Column column : attribute.columns ) {
			boolean inKey = false;
			for ( KeyPart part : plan.key ) {
				inKey |= part.hstoreKey() == null && part.column().catalogName().equals( column.catalogName() );
			}
			if ( !inKey ) {
				return false;
			}
		}
		return true;
	}

	/** Appends the assignments and the WHERE clause to {@code sql}, their constants to {@code bindings}. */
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
		if ( call.where != null ) {
			sql.append( " WHERE " );
			Expressions.render( call.where, sql, renderer );
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
				if ( value == null ) {
					sql.append( "NULL" );
				}
				else if ( attribute != null && attribute.columns.size() == 1 ) {
					// bound as the attribute's own values are (converter, enum representation, column type), after
					// the same lossless conversion: a raw bind would let PostgreSQL round 1.7 into an int column or
					// store an Integer as text in an enum's varchar column
					Column column = attribute.columns.get( 0 );
					sql.append( "CAST(? AS " ).append( call.catalog.columnType( column.catalogName() ) ).append( ')' );
					bindings.add( new Binding( convert( attribute, column, value ), column.bindType() ) );
				}
				else {
					sql.append( '?' );
					bindings.add( new Binding( value, null ) );
				}
			}
		};
	}

	/** @return the JDBC value of a constant typed by {@code attribute}, converted as a row's value would be */
	private Object convert(Attribute attribute, Column column, Object value) {
		List<Object> jdbc = new ArrayList<>( 1 );
		try {
			attribute.breakDown( value, jdbc, call.session );
		}
		catch (RuntimeException e) {
			throw constantRejected( attribute, value, e );
		}
		Object converted = jdbc.get( 0 );
		BasicType<?> type = column.bindType();
		if ( converted != null && type != null ) {
			JavaType<?> javaType = type.getJavaTypeDescriptor();
			Class<?> expected = javaType.getJavaTypeClass();
			if ( expected != null && !expected.isPrimitive() && !expected.isInstance( converted ) ) {
				Object coerced;
				try {
					coerced = HibernateCompat.get().coerce( javaType, converted,
							call.session.getFactory().getTypeConfiguration() );
				}
				catch (RuntimeException e) {
					throw constantRejected( attribute, value, e );
				}
				if ( coerced == null || !expected.isInstance( coerced ) ) {
					throw constantRejected( attribute, value, null );
				}
				converted = coerced;
			}
		}
		return converted;
	}

	private IllegalArgumentException constantRejected(Attribute attribute, Object value, RuntimeException cause) {
		String expected = attribute.javaType == null ? "a value of its type" : "a " + attribute.javaType.getName();
		IllegalArgumentException e = new IllegalArgumentException( "A constant (ConflictExpression.value) of the"
				+ " update of " + call.describe() + ", assigned to or compared with attribute '" + attribute.name
				+ "', is a " + value.getClass().getName() + " (" + value + "), which does not convert exactly to the"
				+ " attribute's type" + ValueConverter.reason( cause ) + "; nothing was written. Give " + expected
				+ ", or a value Hibernate converts to one exactly" );
		if ( cause != null ) {
			e.initCause( cause );
		}
		return e;
	}

	private String column(String name) {
		Attribute attribute = model.attributes.get( name );
		if ( attribute == null ) {
			throw call.unknownAttribute( name, "conflict expression" );
		}
		singleColumn( attribute, "an expression" );
		return attribute.columns.get( 0 ).quoted();
	}

	private void requireUpdatable(Attribute attribute) {
		if ( !attribute.updatable || attribute == model.id ) {
			throw new IllegalArgumentException( "Attribute '" + attribute.name + "' of " + call.describe()
					+ " is not updatable (the identifier, updatable = false, or a formula); it cannot be set on conflict" );
		}
	}

	private void singleColumn(Attribute attribute, String where) {
		if ( attribute.columns.size() != 1 ) {
			throw new IllegalArgumentException( "Attribute '" + attribute.name + "' of " + call.describe() + " maps "
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

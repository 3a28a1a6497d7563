package io.pgextra.hibernate.internal.conflict;

import java.util.Map;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.conflict.TableModel.Attribute;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

import org.hibernate.type.BasicType;
import org.hibernate.type.descriptor.java.JavaType;

/**
 * The convert stage, between the plan and the binder: every JDBC value of every row becomes an instance of its
 * column's bind type before the call's first statement, by Hibernate's own coercion ({@link JavaType#coerce}: an
 * {@code Integer} for a {@code Long}, a whole {@code Double} for an {@code int}), which is lossless or fails. A value
 * it cannot convert, or a string PostgreSQL cannot store, fails the call naming the row, the attribute and the
 * value's type, before anything is written. Both binding paths (arrays, one parameter per value) then bind the same
 * values, so a value is stored the same way whatever the number of rows.
 */
final class ValueConverter {

	private final ConflictCall call;
	private final ConflictPlan plan;

	ValueConverter(ConflictCall call, ConflictPlan plan) {
		this.call = call;
		this.plan = plan;
	}

	/** Converts the JDBC values of row {@code index} in place. */
	void convert(Object[] row, int index) {
		for ( int c = 0; c < row.length; c++ ) {
			Object value = row[c];
			if ( value == null ) {
				continue;
			}
			Column column = plan.boundColumns.get( c );
			BasicType<?> type = column.bindType();
			if ( type != null ) {
				JavaType<?> javaType = type.getJavaTypeDescriptor();
				Class<?> expected = javaType.getJavaTypeClass();
				if ( expected != null && !expected.isPrimitive() && !expected.isInstance( value ) ) {
					Object coerced;
					try {
						coerced = HibernateCompat.get().coerce( javaType, value,
								call.session.getFactory().getTypeConfiguration() );
					}
					catch (RuntimeException e) {
						throw cannotConvert( call, plan.boundAttributes.get( c ), index, value, e );
					}
					if ( coerced == null || !expected.isInstance( coerced ) ) {
						throw cannotConvert( call, plan.boundAttributes.get( c ), index, value, null );
					}
					value = coerced;
					row[c] = value;
				}
			}
			requireNoNul( value, plan.boundAttributes.get( c ), index );
		}
	}

	/** PostgreSQL's text types cannot hold U+0000; without this check its error names only "parameter $n". */
	private void requireNoNul(Object value, Attribute attribute, int index) {
		if ( value instanceof String string ) {
			int at = string.indexOf( '\u0000' );
			if ( at >= 0 ) {
				throw new IllegalArgumentException( "Row " + index + " of the insert into " + call.describe()
						+ ": attribute '" + attribute.name + "' is given a String with a NUL character (\\u0000) at"
						+ " position " + at + ", which PostgreSQL cannot store in a text value. Remove or replace"
						+ " the NUL characters (binary data belongs in a byte[] attribute)" );
			}
		}
		else if ( value instanceof Map<?, ?> map ) {
			for ( Map.Entry<?, ?> entry : map.entrySet() ) {
				requireNoNul( entry.getKey(), attribute, index );
				requireNoNul( entry.getValue(), attribute, index );
			}
		}
	}

	/**
	 * @param cause Hibernate's failure, or {@code null} when the conversion produced a value of another type
	 * @return the error for a value that attribute {@code attribute} cannot take, naming the row and the value's type
	 */
	static IllegalArgumentException cannotConvert(ConflictCall call, Attribute attribute, int index, Object value,
			RuntimeException cause) {
		String expected = attribute.javaType == null ? "a value of its type" : "a " + attribute.javaType.getName();
		IllegalArgumentException e = new IllegalArgumentException( "Row " + index + " of the insert into "
				+ call.describe() + ": attribute '" + attribute.name + "' is given a " + value.getClass().getName()
				+ " (" + quote( value ) + "), which does not convert exactly to its type" + reason( cause )
				+ "; nothing was written. Give " + expected + ", or a value Hibernate converts to one exactly" );
		if ( cause != null ) {
			e.initCause( cause );
		}
		return e;
	}

	/** Hibernate's CoercionException says "Error coercing value"; its cause says why. */
	static String reason(Throwable cause) {
		String reason = null;
		for ( Throwable t = cause; t != null; t = t.getCause() ) {
			if ( t.getMessage() != null ) {
				reason = t.getClass().getSimpleName() + ": " + t.getMessage();
			}
		}
		return reason == null ? "" : " (" + reason + ")";
	}

	private static String quote(Object value) {
		String text = String.valueOf( value );
		if ( text.length() > 100 ) {
			text = text.substring( 0, 100 ) + "...";
		}
		return value instanceof CharSequence ? "'" + text + "'" : text;
	}
}

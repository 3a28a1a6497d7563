package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.pgextra.hibernate.internal.conflict.ConflictCall.Binding;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

import org.hibernate.type.BasicType;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.ArrayJavaType;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.spi.TypeConfiguration;

/**
 * The bind stage: the JDBC values of a chunk of rows as bind parameters, either one array per column (for
 * {@code unnest(...)}) or one parameter per value (for {@code VALUES}).
 */
final class RowBinder {

	/**
	 * The bind parameters of a chunk's rows; {@code arrays}: one per column, else one per value, row by row;
	 * {@code copy}: none, the rows are in {@link CopyInput}'s temporary table.
	 */
	record BoundRows(List<Binding> bindings, boolean arrays, int rows, CopyInput copy) {
		BoundRows(List<Binding> bindings, boolean arrays, int rows) {
			this( bindings, arrays, rows, null );
		}
	}

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

	private final ConflictCall call;
	private final ConflictPlan plan;

	RowBinder(ConflictCall call, ConflictPlan plan) {
		this.call = call;
		this.plan = plan;
	}

	/** @return the chunk as one parameter per value, row by row, each bound with its column's type */
	BoundRows values(Object[][] rows, List<Integer> chunk) {
		List<Binding> bindings = new ArrayList<>( chunk.size() * plan.boundColumns.size() );
		for ( Integer index : chunk ) {
			Object[] row = rows[index];
			for ( int c = 0; c < row.length; c++ ) {
				bindings.add( new Binding( row[c], plan.boundColumns.get( c ).bindType() ) );
			}
		}
		return new BoundRows( bindings, false, chunk.size() );
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
	BoundRows arrays(Object[][] rows, List<Integer> chunk) {
		int columns = plan.boundColumns.size();
		if ( columns == 0 ) {
			return null;
		}
		BasicType<?>[] arrayTypes = new BasicType<?>[columns];
		Class<?>[] elementClasses = new Class<?>[columns];
		Object[][] values = new Object[columns][];
		for ( int c = 0; c < columns; c++ ) {
			arrayTypes[c] = arrayType( plan.boundColumns.get( c ) );
			if ( arrayTypes[c] == null ) {
				return null;
			}
			elementClasses[c] = plan.boundColumns.get( c ).bindType().getJavaTypeDescriptor().getJavaTypeClass();
			values[c] = (Object[]) java.lang.reflect.Array.newInstance( elementClasses[c], chunk.size() );
		}
		// row by row, every column of a row at once: each row is read once (column by column, a chunk of 10,000 rows
		// scattered over the heap by the key sort was walked once per column, a cache miss per value)
		int r = 0;
		for ( Integer index : chunk ) {
			Object[] row = rows[index];
			for ( int c = 0; c < columns; c++ ) {
				Object value = row[c];
				if ( value != null && value.getClass() != elementClasses[c] && !elementClasses[c].isInstance( value ) ) {
					// ValueConverter made every value an instance of its bind type; anything else goes one by one
					return null;
				}
				values[c][r] = value;
			}
			r++;
		}
		List<Binding> arrays = new ArrayList<>( columns );
		for ( int c = 0; c < columns; c++ ) {
			arrays.add( new Binding( values[c], arrayTypes[c] ) );
		}
		return new BoundRows( arrays, true, chunk.size() );
	}

	/** @return whether every bound column has an array type, so that chunks can be as large as arrays allow */
	boolean arrayTypes() {
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
				|| call.catalog.columnType( column.catalogName() ).endsWith( "]" ) ) {
			// unnest would flatten an array column's values
			return null;
		}
		Class<?> elementClass = elementType.getJavaTypeDescriptor().getJavaTypeClass();
		int code = elementType.getJdbcType().getDefaultSqlTypeCode();
		if ( elementClass == null || elementClass.isPrimitive() || elementClass.isArray()
				|| !ARRAY_ELEMENT_TYPES.contains( code ) && !ARRAY_ELEMENT_TYPES.contains( elementType.getJdbcType().getJdbcTypeCode() )
				|| LOCAL_TEMPORAL_TYPES.contains( code ) && call.session.getJdbcTimeZone() != null ) {
			return null;
		}
		// resolved once per element type and session factory (the cache cannot hold null: Optional)
		Optional<BasicType<?>> arrayType = call.runtime.cached( new ArrayTypeKey( elementType ), key -> {
			TypeConfiguration types = call.session.getFactory().getTypeConfiguration();
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
}

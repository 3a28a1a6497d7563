package io.pgextra.hibernate.hstore;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hibernate.HibernateException;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.usertype.UserType;

import org.postgresql.util.HStoreConverter;
import org.postgresql.util.PGobject;

/**
 * Maps a {@code Map<String, String>} to a PostgreSQL {@code hstore} column, as Hypersistence Utils'
 * {@code PostgreSQLHStoreType} does, but <em>mutable</em>: Hibernate keeps a copy of the loaded map, so a map
 * edited in place ({@code entity.getName().put("en", "x")}) is dirty and written at flush.
 * <pre>{@code
 * @Type(MutableHStoreType.class)
 * private Map<String, String> name;      // column type hstore, no columnDefinition needed
 * }</pre>
 * You rarely name it: hibernate-pgextra puts it in place of {@code PostgreSQLHStoreType} on every attribute mapped
 * with that type, whose immutable snapshot (the same map instance) would miss such edits. Values are read and
 * written through the PostgreSQL JDBC driver's hstore support.
 *
 * @since 0.1.0
 */
public class MutableHStoreType implements UserType<Map<String, String>> {

	/** Creates the type; Hibernate does so for each attribute mapped with it. */
	public MutableHStoreType() {
	}

	@Override
	public int getSqlType() {
		return Types.OTHER;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public Class<Map<String, String>> returnedClass() {
		return (Class) Map.class;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Map<String, String> nullSafeGet(ResultSet rs, int position, WrapperOptions options) throws SQLException {
		Object value = rs.getObject( position );
		if ( value == null ) {
			return null;
		}
		if ( value instanceof Map<?, ?> map ) {
			return (Map<String, String>) map;
		}
		if ( value instanceof PGobject object ) {
			value = object.getValue();
		}
		if ( value instanceof String text ) {
			// the driver hands out a Map for columns it knows as hstore; text if the column was cast
			return HStoreConverter.fromString( text );
		}
		throw new HibernateException( "Expected an hstore value (a Map) in result column " + position + ", got a "
				+ value.getClass().getName() + "; map only hstore columns with MutableHStoreType" );
	}

	@Override
	public void nullSafeSet(PreparedStatement st, Map<String, String> value, int position, WrapperOptions options)
			throws SQLException {
		if ( value == null ) {
			st.setNull( position, Types.OTHER );
		}
		else {
			// the driver sends a Map as hstore text of unspecified type, which the server reads as the column's type
			st.setObject( position, value );
		}
	}

	@Override
	public Map<String, String> deepCopy(Map<String, String> value) {
		// keys and values are immutable strings: a shallow copy is a deep one
		return value == null ? null : new LinkedHashMap<>( value );
	}

	@Override
	public boolean isMutable() {
		return true;
	}

	@Override
	public Serializable disassemble(Map<String, String> value) {
		return (Serializable) deepCopy( value );
	}

	@Override
	@SuppressWarnings("unchecked")
	public Map<String, String> assemble(Serializable cached, Object owner) {
		return deepCopy( (Map<String, String>) cached );
	}

	@Override
	public Map<String, String> replace(Map<String, String> detached, Map<String, String> managed, Object owner) {
		return deepCopy( detached );
	}
}

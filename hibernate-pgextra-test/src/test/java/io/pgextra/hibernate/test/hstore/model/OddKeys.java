package io.pgextra.hibernate.test.hstore.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Type;

/** Keys that are data, not SQL: quotes, SQL, spaces, non-ASCII, backslashes, dollars, line breaks; long names. */
@Entity
@Table(name = "odd_keys")
public class OddKeys {
	public static final String INJECTION = "'); drop table x; --";
	public static final String QUOTES = "it's a \"key\" [1] `x`";
	public static final String UNICODE = "ключ ü 鍵 😀";
	public static final String ESCAPES = "back\\slash $$ $pgx$ \t tab\nline";
	public static final String LONG_1 = "a_rather_long_key_name_number_one";
	public static final String LONG_2 = "another_long_key_name_number_two";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique(INJECTION)
	@HStoreUnique(QUOTES)
	@HStoreUnique(UNICODE)
	@HStoreUnique(ESCAPES)
	@HStoreUnique({ LONG_1, LONG_2 })
	@HStoreRequired(INJECTION)
	public Map<String, String> attrs;

	public OddKeys() {
	}

	public OddKeys(Map<String, String> attrs) {
		this.attrs = attrs;
	}
}

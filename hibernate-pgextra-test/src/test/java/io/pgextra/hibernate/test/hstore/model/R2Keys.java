package io.pgextra.hibernate.test.hstore.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Type;

/** Keys "a" and "b" unique together, and the key "a_b" unique on its own: two different declarations. */
@Entity
@Table(name = "r2_keys")
public class R2Keys {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique({ "a", "b" })
	@HStoreUnique("a_b")
	@HStoreUnique("EN")
	@HStoreUnique("en")
	public Map<String, String> attrs;

	public R2Keys() {
	}

	public R2Keys(Map<String, String> attrs) {
		this.attrs = attrs;
	}
}

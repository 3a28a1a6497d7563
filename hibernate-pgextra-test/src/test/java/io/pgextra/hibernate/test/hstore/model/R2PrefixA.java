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

/** Table "r2_p", column "q_r": its index name is r2_p_q_r_unique_k. */
@Entity
@Table(name = "r2_p")
public class R2PrefixA {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(name = "q_r", columnDefinition = "hstore")
	@HStoreUnique("k")
	public Map<String, String> attrs;

	public R2PrefixA() {
	}

	public R2PrefixA(Map<String, String> attrs) {
		this.attrs = attrs;
	}
}

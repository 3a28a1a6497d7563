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

/** Table "r2_p_q", column "r": its index name is also r2_p_q_r_unique_k, in the same schema. */
@Entity
@Table(name = "r2_p_q")
public class R2PrefixB {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(name = "r", columnDefinition = "hstore")
	@HStoreUnique("k")
	public Map<String, String> attrs;

	public R2PrefixB() {
	}

	public R2PrefixB(Map<String, String> attrs) {
		this.attrs = attrs;
	}
}

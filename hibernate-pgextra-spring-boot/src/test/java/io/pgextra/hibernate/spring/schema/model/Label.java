package io.pgextra.hibernate.spring.schema.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.hibernate.annotations.Type;

/** hstore mapped with Hypersistence Utils' type, as most applications do. */
@Entity
public class Label {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique({ "en", "nl" })
	private Map<String, String> text;

	protected Label() {
	}

	public Label(Map<String, String> text) {
		this.text = text;
	}

	public Long getId() {
		return id;
	}
}

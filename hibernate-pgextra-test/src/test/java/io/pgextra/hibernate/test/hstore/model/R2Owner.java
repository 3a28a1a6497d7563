package io.pgextra.hibernate.test.hstore.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.Type;

/** An entity hstore attribute, and an element collection of embeddables with an hstore attribute. */
@Entity
@Table(name = "r2_owner")
public class R2Owner {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique("code")
	public Map<String, String> attrs = new HashMap<>();

	@ElementCollection
	@CollectionTable(name = "r2_owner_props", joinColumns = @JoinColumn(name = "owner_id"))
	public List<R2Props> items = new ArrayList<>();

	public String note;

	public R2Owner() {
	}
}

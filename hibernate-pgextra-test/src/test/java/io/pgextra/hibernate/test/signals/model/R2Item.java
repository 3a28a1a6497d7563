package io.pgextra.hibernate.test.signals.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;

/** A single-table entity with a SEQUENCE key (inserted at flush), an element collection and a many-to-many. */
@Entity
public class R2Item {
	@Id
	@GeneratedValue
	public Long id;
	public String name;
	public String status;

	@ElementCollection
	@CollectionTable(name = "r2_item_tag", joinColumns = @JoinColumn(name = "item_id"))
	@Column(name = "tag")
	public List<String> tags = new ArrayList<>();

	@ManyToMany
	@JoinTable(name = "r2_item_label", joinColumns = @JoinColumn(name = "item_id"),
			inverseJoinColumns = @JoinColumn(name = "label_id"))
	public Set<R2Label> labels = new HashSet<>();

	public R2Item() {
	}

	public R2Item(String name, String status) {
		this.name = name;
		this.status = status;
	}
}

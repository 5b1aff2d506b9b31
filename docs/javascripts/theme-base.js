/* Material for MkDocs 9.8.2's partials/javascripts/base.html, which every page carried inline (330 bytes, 20 MB over
   the 60,000 product pages of 10,000 products: see #10): the functions its bundle uses to keep state in the browser,
   scoped to the site, whose root is the folder above this file's (Material: config.extra.scope or the page's
   base_url; the site sets no scope). main.html loads it just before the bundle. Compare with Material's file on
   upgrade. */
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
